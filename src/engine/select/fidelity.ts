import type { Language } from '../task';

/** The original target's signature line: the `def` line in Python, the line declaring the function elsewhere. */
function signatureLine(original: string, language: Language): string | undefined {
  const lines = original.replace(/\r/g, '').split('\n').map((l) => l.trimEnd());
  const declares = language === 'python' ? /^\s*(async\s+)?def\s/ : /\bfunction\b|=>|^\s*(export\s+)?(async\s+)?[A-Za-z_$][\w$]*\s*[(<]/;
  return lines.find((l) => declares.test(l)) ?? lines.find((l) => l.trim() !== '' && !l.trim().startsWith('@'));
}

/** The original's docstring (Python) or JSDoc block, byte for byte; undefined when it has none. */
function docBlock(original: string, language: Language): string | undefined {
  if (language === 'python') {
    const def = original.search(/^\s*(async\s+)?def\s/m);
    const after = def < 0 ? original : original.slice(def);
    const m = /:\s*\n\s*([rRuU]?("""|''')[\s\S]*?\2)/.exec(after);
    return m?.[1];
  }
  return /\/\*\*[\s\S]*?\*\//.exec(original)?.[0];
}

/**
 * How much of the file's own form a candidate keeps, 0..2: one for the original signature
 * line unchanged, one for the original docstring kept byte for byte (given when the original
 * has none). A reviewer reads a diff; a candidate that rewrites what it was not asked to
 * change makes that diff noisier.
 */
export function formFidelity(code: string, originalTarget: string, language: Language): number {
  const lines = new Set(code.replace(/\r/g, '').split('\n').map((l) => l.trimEnd()));
  const signature = signatureLine(originalTarget, language);
  const doc = docBlock(originalTarget, language);
  return (signature === undefined || lines.has(signature) ? 1 : 0) + (doc === undefined || code.includes(doc) ? 1 : 0);
}
