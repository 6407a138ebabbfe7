import { locatePythonFunction } from './locatePython';
import type { Task } from '../../task';

/**
 * Puts the file's docstring back into a Python replacement function that was
 * written without one, so accepting a candidate does not silently delete the
 * documentation. A candidate that writes its own docstring keeps it.
 */
export function keepPythonDocstring(task: Task, code: string): string {
  if (!task.functionName) return code;
  const original = locatePythonFunction(task.fileText, task.functionName);
  if (!original?.doc) return code;
  const sigEnd = original.range.start + original.signature.length;
  const docStart = task.fileText.indexOf('\n', sigEnd) + 1;
  const docEnd = original.bodyRange.start > docStart ? original.bodyRange.start : original.range.end;
  const rawDoc = task.fileText.slice(docStart, docEnd).replace(/\s+$/, '');
  if (!rawDoc.trim() || original.bodyRange.start < docStart) return code;
  const candidate = locatePythonFunction(code, task.functionName);
  if (!candidate || candidate.doc) return code;
  const candidateSigEnd = candidate.range.start + candidate.signature.length;
  const lineEnd = code.indexOf('\n', candidateSigEnd);
  // A one-line `def f(): return x` has nowhere to put a docstring without restructuring it.
  if (lineEnd < 0 || code.slice(candidateSigEnd, lineEnd).trim()) return code;
  const docIndent = /^[ \t]*/.exec(rawDoc)?.[0] ?? '';
  const shifted = docIndent === candidate.bodyIndent ? rawDoc : rawDoc.split('\n').map((l) => (l.startsWith(docIndent) ? candidate.bodyIndent + l.slice(docIndent.length) : l)).join('\n');
  return code.slice(0, lineEnd + 1) + shifted + '\n' + code.slice(lineEnd + 1);
}
