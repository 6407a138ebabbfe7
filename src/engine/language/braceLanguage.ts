import { braceBalanceProblem, braceLiteralLines, listBraceFunctions, locateBraceFunction, type BraceGrammar } from './braceFunctions';
import { fitBraceBody, fitBraceFunction } from './braceFit';
import type { LanguageSupport } from './languageSupport';
import { codeTokensOf, descendants, normaliseTree, withTree } from './syntaxTree';

/** What a braced language states about itself; the rest of its support is shared. */
export type BraceLanguageFacts = Pick<LanguageSupport, 'language' | 'displayName' | 'extensions' | 'languageIds' | 'fenceTags' | 'grammars' | 'codeStart'>;

/**
 * A {@link LanguageSupport} for a language whose bodies are braced blocks, from its
 * grammar's shape: locating, fitting and normalising are the same for all of them.
 */
export function braceLanguageSupport(grammar: BraceGrammar, facts: BraceLanguageFacts): LanguageSupport {
  const shape = { atomic: grammar.atomic, comments: grammar.comments };
  return {
    ...facts,
    indentUnit: grammar.indentUnit,
    significantIndent: false,
    locateFunction: (text, name) => locateBraceFunction(grammar, text, name),
    listFunctions: (text) => listBraceFunctions(grammar, text),
    fitFunction: (code, name, target) => fitBraceFunction(grammar, code, name, target),
    fitBody: (code, name, target) => fitBraceBody(grammar, code, name, target),
    normalise: (code) => withTree(grammar.grammarFor(code), code, (root) => normaliseTree(root, shape)),
    literalLines: (code) => braceLiteralLines(grammar, code),
    balanceProblem: (code) => braceBalanceProblem(grammar, code),
    codeTokens: (code) => withTree(grammar.grammarFor(code), code, (root) => codeTokensOf(root, shape, (type) => /number|integer|float|_literal$/.test(type) && !grammar.atomic.has(type))),
    docBlock: (code) =>
      withTree(grammar.grammarFor(code), code, (root) => {
        for (const node of descendants(root)) if (grammar.comments.has(node.type) && node.text.startsWith('/**')) return node.text;
        return undefined;
      }),
  };
}
