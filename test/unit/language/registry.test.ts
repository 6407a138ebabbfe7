import { strict as assert } from 'node:assert';
import { chooseBlock, findFencedBlocks } from '../../../src/engine/extract/modelText';
import { detectLanguage, ensureLanguageLayer, fenceTagOf, languageOfDocument, LANGUAGE_SUPPORTS } from '../../../src/engine/language/registry';
import { inFreshProcess } from './freshProcess';

describe('language registry', () => {
  it('is the one table from extensions, VS Code ids and fence tags to a language', () => {
    assert.equal(detectLanguage('src/pkg/mod.py'), 'python');
    assert.equal(detectLanguage('a/b.tsx'), 'typescript');
    assert.equal(detectLanguage('x.MJS'), 'javascript');
    assert.equal(detectLanguage('main.go'), 'go');
    assert.equal(detectLanguage('lib.rs'), 'rust');
    assert.equal(detectLanguage('A.java'), 'java');
    assert.equal(detectLanguage('Makefile'), 'other');
    assert.equal(languageOfDocument('typescriptreact', 'x.unknown'), 'typescript');
    assert.equal(languageOfDocument('plaintext', 'x.py'), 'python');
    assert.equal(fenceTagOf('python'), 'python');
    assert.equal(fenceTagOf('other'), '');
    const extensions = LANGUAGE_SUPPORTS.flatMap((s) => s.extensions);
    assert.equal(new Set(extensions).size, extensions.length, 'an extension maps to one language');
  });

  it('chooses the answer block by the language’s fence tags and its parser', async () => {
    await ensureLanguageLayer();
    const blocks = findFencedBlocks('```golang\nfunc helper() {}\n```\n```go\nfunc Parse(s string) int { return 0 }\n```\n```text\nParse\n```');
    assert.equal(chooseBlock(blocks, 'go', 'Parse')?.code, 'func Parse(s string) int { return 0 }');
  });

  it('a function called before the grammars load says which call is missing', () => {
    const run = inFreshProcess("require('./src/engine/locate/locateFunction').listFunctions('def f():\\n    pass\\n', 'python')");
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /the python grammar is not loaded: await ensureLanguageLayer\(\)/);
  });
});
