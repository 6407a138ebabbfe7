import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { locateFunction } from '../../locate/locateFunction';
import type { Task } from '../../task';
import type { TestOutcome, VerifierResult } from '../types';

/** A per-run token the witness stub raises; the current code may itself raise, so a plain error would prove nothing. */
export function newWitnessNonce(): string {
  return randomBytes(8).toString('hex');
}

/** The text the witness stub's error carries. */
export function witnessMessage(nonce: string): string {
  return `best-of-n witness ${nonce}`;
}

/** Indentation at the start of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** Replaces `range` of `text` with one statement, indented as the range's line (or inline after `def …:`). */
function replaceWithStatement(text: string, range: { start: number; end: number }, statement: string, indent: string): string {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  const inline = text.slice(lineStart, range.start).trim() !== '' && range.start !== range.end;
  let replacement: string;
  if (inline) replacement = statement;
  else if (range.start === range.end) replacement = range.start === 0 || text[range.start - 1] === '\n' ? `${indent}${statement}\n` : `\n${indent}${statement}`;
  else replacement = `${indent}${statement}`;
  return text.slice(0, range.start) + replacement + text.slice(range.end);
}

/**
 * The target file with the target made to raise an error carrying `nonce`:
 * Python — the body becomes `raise RuntimeError("best-of-n witness <nonce>")`, signature and
 * docstring kept; JavaScript/TypeScript — the body starts with a throw, the rest kept so
 * strict compiler settings (unused parameters) still accept the file. A selection is
 * replaced by the raising statement. `undefined` for languages without a stub.
 */
export function witnessFileText(task: Task, nonce: string): string | undefined {
  const message = JSON.stringify(witnessMessage(nonce));
  const text = task.fileText;
  const found = task.functionName && task.targetKind !== 'selection' ? locateFunction(text, task.language, task.functionName) : undefined;
  if (task.language === 'python') {
    const statement = `raise RuntimeError(${message})`;
    if (found) return replaceWithStatement(text, found.bodyRange, statement, found.bodyIndent);
    return replaceWithStatement(text, task.range, statement, lineIndent(text, task.range.start));
  }
  if (task.language === 'javascript' || task.language === 'typescript') {
    // `if (globalThis)`: code after a bare throw would be unreachable, which strict TS settings reject.
    const statement = `if (globalThis) throw new Error(${message});`;
    if (!found) return replaceWithStatement(text, task.range, statement, lineIndent(text, task.range.start));
    const body = found.bodyRange;
    const blockBody = text.slice(found.range.start, body.start).trimEnd().endsWith('{') || text[body.start - 1] === '\n';
    if (!blockBody) {
      // An arrow function's expression body: keep it as the (never taken) other branch.
      const expression = text.slice(body.start, body.end);
      return `${text.slice(0, body.start)}(globalThis ? (() => { throw new Error(${message}); })() : (${expression}))${text.slice(body.end)}`;
    }
    if (body.start === body.end) return replaceWithStatement(text, body, statement, found.bodyIndent);
    const ownLine = text[body.start - 1] === '\n';
    const lead = ownLine ? /^[ \t]*/.exec(text.slice(body.start))?.[0] ?? '' : '';
    const joint = ownLine ? `\n${lead}` : ' ';
    return `${text.slice(0, body.start)}${lead}${statement}${joint}${text.slice(body.start + lead.length)}`;
  }
  return undefined;
}

/** Tests whose outcome shows the nonce: the stub ran under them. */
export function testsShowingNonce(result: VerifierResult, nonce: string): TestOutcome[] {
  return result.tests.filter((t) => (t.message ?? '').includes(nonce) || t.name.includes(nonce));
}

/** The top-level import name of the target file, as an installed copy would be named in site-packages. */
async function importName(workspaceRoot: string, filePath: string): Promise<string | undefined> {
  const parts = filePath.split('/');
  // The outermost folder that is still a regular package (has __init__.py) holding the file.
  let top: string | undefined;
  for (let depth = parts.length - 1; depth >= 1; depth--) {
    const dir = parts.slice(0, depth).join('/');
    const init = await fs.stat(path.join(workspaceRoot, dir, '__init__.py')).catch(() => undefined);
    if (!init) break;
    top = parts[depth - 1];
  }
  if (top) return top;
  if (parts[0] === 'src' && parts.length > 2) return parts[1];
  return parts.length === 1 ? parts[0].replace(/\.py$/, '') : parts[0];
}

/**
 * Where a non-editable install of the target's package sits in the project's virtualenv
 * (`.venv/lib/python3.11/site-packages/unitfmt`), relative to the workspace; undefined when none.
 * An editable install leaves only a `.pth` file or finder there, not the package folder.
 */
export async function installedCopy(workspaceRoot: string, filePath: string): Promise<{ name: string; where: string; editable: boolean } | undefined> {
  const name = await importName(workspaceRoot, filePath);
  if (!name) return undefined;
  for (const site of await sitePackages(workspaceRoot)) {
    for (const entry of [name, `${name}.py`]) {
      if (await fs.stat(path.join(workspaceRoot, site, entry)).catch(() => undefined)) return { name, where: site, editable: false };
    }
    // An editable install's .pth names the workspace's real source folder by absolute path.
    for (const pth of (await fs.readdir(path.join(workspaceRoot, site)).catch((): string[] => [])).filter((f) => f.endsWith('.pth'))) {
      const text = await fs.readFile(path.join(workspaceRoot, site, pth), 'utf8').catch(() => '');
      if (text.split('\n').some((line) => line.trim().startsWith(workspaceRoot))) return { name, where: path.join(site, pth), editable: true };
    }
  }
  return undefined;
}

/** site-packages folders of the project's virtualenvs, relative to the workspace. */
async function sitePackages(workspaceRoot: string): Promise<string[]> {
  const found: string[] = [];
  for (const venv of ['.venv', 'venv', 'env']) {
    const versions = await fs.readdir(path.join(workspaceRoot, venv, 'lib')).catch((): string[] => []);
    for (const version of versions.filter((v) => v.startsWith('python')).sort()) found.push(path.join(venv, 'lib', version, 'site-packages'));
  }
  return found;
}

/**
 * Why the witness stub never showed up, in plain words with what to change: an installed
 * copy shadowing the source, an import error, no tests at all, or (failing those) the generic
 * "the tests do not run this file" with what to check.
 */
export async function explainNotReached(task: Task, baseline: VerifierResult, witness: VerifierResult): Promise<string> {
  const target = task.functionName ? `${task.functionName} in ${task.filePath}` : task.filePath;
  const lead = `The tests never ran ${target}: with it replaced by a stub that raises, no test's outcome showed the stub's error, so no candidate's code would be tested.`;
  if (task.language === 'python') {
    const installed = await installedCopy(task.workspaceRoot, task.filePath);
    if (installed?.editable) {
      return `${lead} The tests import ${installed.name} through the editable install (${installed.where}), which points at the workspace's own folder, not the candidate's copy: verify under the bubblewrap sandbox, which puts the copy at the workspace's path.`;
    }
    if (installed) {
      const source = path.posix.dirname(task.filePath).split('/')[0] || '.';
      return `${lead} The tests import ${installed.name} from ${installed.where}, not ${source}/: install it editable (pip install -e .) so they import the workspace's own code.`;
    }
  }
  const text = [...witness.tests.map((t) => t.message ?? ''), witness.output, witness.reason ?? ''].join('\n');
  const missingModule = /ModuleNotFoundError: No module named '([^']+)'/.exec(text) ?? /Cannot find module '([^']+)'/.exec(text);
  if (missingModule) {
    return `${lead} They cannot import ${missingModule[1]} (${missingModule[0].split(':')[0]}): make the test command find the workspace's code, e.g. install the project (editable) or set the import path in the test configuration.`;
  }
  const importError = /\b(ImportError|SyntaxError)\b[^\n]*/.exec(text);
  if (importError) return `${lead} The test run stops at "${importError[0].slice(0, 200)}" before any test reaches it.`;
  if (baseline.tests.length === 0 && witness.tests.length === 0) {
    return `${lead} The test command ran no tests at all${baseline.reason ? ` (${baseline.reason})` : ''}: check that it collects the project's tests.`;
  }
  return `${lead} They may test an installed or built copy (site-packages, dist/, a bundle) or other code: check what the tests import and that the test command runs them on the workspace's ${task.filePath}.`;
}
