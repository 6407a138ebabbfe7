import type { LanguageSupport } from '../languageSupport';
import { codeTokensOf, descendants, normaliseTree, withTree } from '../syntaxTree';
import { fitPythonBody, fitPythonFunction } from './fitPython';
import { listPythonFunctions, locatePythonFunction } from './locatePython';
import { PYTHON_ATOMIC, pythonBalanceProblem, pythonLines } from './pythonLines';

// Blocks are marked because indentation is syntax: `if a:\n  x\ny` and `if a:\n  x\n  y` differ.
const SHAPE = { atomic: PYTHON_ATOMIC, comments: new Set(['comment', 'line_continuation']), blocks: new Set(['block']) };

/** Python: `def`s and methods, docstrings, indentation-sensitive fitting. */
export const pythonSupport: LanguageSupport = {
  language: 'python',
  displayName: 'Python',
  extensions: ['py', 'pyi', 'pyw'],
  languageIds: ['python'],
  fenceTags: ['python', 'py', 'python3', 'py3'],
  grammars: ['python'],
  indentUnit: '    ',
  significantIndent: true,
  codeStart: /^\s*(?:@|(?:async\s+)?def\s|class\s|import\s|from\s+\S+\s+import\s)/,
  locateFunction: locatePythonFunction,
  listFunctions: listPythonFunctions,
  fitFunction: fitPythonFunction,
  fitBody: fitPythonBody,
  normalise: (code) => withTree('python', code, (root) => normaliseTree(root, SHAPE)),
  literalLines: (code) => pythonLines(code).map((l) => l.inString),
  balanceProblem: pythonBalanceProblem,
  codeTokens: (code) => withTree('python', code, (root) => codeTokensOf(root, SHAPE, (type) => type === 'integer' || type === 'float')),
  docBlock: (code) =>
    withTree('python', code, (root) => {
      for (const node of descendants(root)) {
        if (node.type !== 'function_definition') continue;
        const first = node.childForFieldName('body')?.namedChildren.find((c) => c?.type !== 'comment');
        const doc = first?.type === 'expression_statement' && first.namedChildCount === 1 ? first.namedChildren[0] : undefined;
        return doc?.type === 'string' ? doc.text : undefined;
      }
      return undefined;
    }),
};
