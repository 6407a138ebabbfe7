import assert from 'node:assert/strict';
import { inFreshProcess } from './freshProcess';
import { GrammarMissingError, loadGrammars, parseWith, parserFor } from '../../../src/engine/language/treeSitter';

describe('tree-sitter loader', () => {
  it('parses Python, JavaScript, TypeScript and TSX with the grammars VS Code ships', async () => {
    await loadGrammars(['python', 'javascript', 'typescript', 'tsx']);
    assert.equal(parseWith('python', 'def f(x):\n    return x\n').rootNode.child(0)?.type, 'function_definition');
    assert.equal(parseWith('javascript', 'const f = (x) => x;').rootNode.child(0)?.type, 'lexical_declaration');
    assert.equal(parseWith('typescript', 'function f(x: number): number { return x; }').rootNode.child(0)?.type, 'function_declaration');
    assert.equal(parseWith('tsx', 'const e = <div>{x}</div>;').rootNode.hasError, false);
  });

  it('refuses to parse before the grammar is loaded, naming the call to make', () => {
    const run = inFreshProcess("require('./src/engine/language/treeSitter').parseWith('java', 'class A {}')");
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /await parserFor\('java'\)/);
  });

  it('names the grammar when its file cannot be loaded', async () => {
    const error = await parserFor('nonexistent' as never).catch((e: unknown) => e);
    assert.ok(error instanceof GrammarMissingError);
    assert.match(error.message, /the nonexistent grammar could not be loaded/);
  });
});
