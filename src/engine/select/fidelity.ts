import { supportFor } from '../language/registry';
import type { Language } from '../task';

/**
 * The original target's signature line: the line that declares its first function
 * (found by the parser; decorators are not it), else its first non-blank line that is
 * not a decorator — a body target holds no declaration.
 */
function signatureLine(original: string, language: Language): string | undefined {
  const support = supportFor(language);
  const name = support?.listFunctions(original)[0];
  const found = name !== undefined ? support?.locateFunction(original, name) : undefined;
  const lines = (found ? found.signature : original).replace(/\r/g, '').split('\n').map((l) => l.trimEnd());
  return lines.find((l) => l.trim() !== '' && !l.trim().startsWith('@') && !l.trim().startsWith('#['));
}

/**
 * How much of the file's own form a candidate keeps, 0..2: one for the original signature
 * line unchanged, one for the original docstring (or doc comment) kept byte for byte
 * (given when the original has none). A reviewer reads a diff; a candidate that rewrites
 * what it was not asked to change makes that diff noisier.
 */
export function formFidelity(code: string, originalTarget: string, language: Language): number {
  const lines = new Set(code.replace(/\r/g, '').split('\n').map((l) => l.trimEnd()));
  const { signature, doc } = formOf(originalTarget, language);
  return (signature === undefined || lines.has(signature) ? 1 : 0) + (doc === undefined || code.includes(doc) ? 1 : 0);
}

// Ranking asks after every verification about the same original: parse it once.
const forms = new Map<string, { signature?: string; doc?: string }>();

function formOf(original: string, language: Language): { signature?: string; doc?: string } {
  const key = `${language}\u0000${original}`;
  let form = forms.get(key);
  if (!form) {
    form = { signature: signatureLine(original, language), doc: supportFor(language)?.docBlock(original) };
    if (forms.size >= 32) forms.delete(forms.keys().next().value as string);
    forms.set(key, form);
  }
  return form;
}
