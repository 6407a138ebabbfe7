import type { HumanEvalProblem } from '../../engine/humaneval/dataset';

/** Collapses runs of whitespace so re-indented or re-wrapped prompts still match. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

interface Entry {
  problem: HumanEvalProblem;
  signature: string;
  /** The docstring's first line: tells apart tasks with identical signatures (56/61, 133/142). */
  firstDocLine: string;
}

export type TaskMatch =
  | { kind: 'found'; problem: HumanEvalProblem }
  | { kind: 'none' }
  | { kind: 'ambiguous'; taskIds: string[] };

/** Recognises a HumanEval task from the entry point's signature in a request's text. */
export class TaskIndex {
  private readonly byName = new Map<string, Entry[]>();

  constructor(problems: readonly HumanEvalProblem[]) {
    for (const problem of problems) {
      const lines = problem.prompt.split('\n');
      const at = lines.findIndex((line) => line.startsWith(`def ${problem.entryPoint}(`));
      if (at < 0) throw new Error(`${problem.taskId}: no "def ${problem.entryPoint}(" line in its prompt`);
      // The first docstring line with a word in it (142's docstring opens with four quotes).
      const docLine = lines.slice(at + 1).find((line) => /\w/.test(line.replace(/^\s*("""|''')"?/, '')));
      const entry: Entry = {
        problem,
        signature: normalise(lines[at]),
        firstDocLine: normalise((docLine ?? '').replace(/^\s*("""|''')"?/, '').replace(/("""|''')\s*$/, '')),
      };
      const list = this.byName.get(problem.entryPoint) ?? [];
      list.push(entry);
      this.byName.set(problem.entryPoint, list);
    }
  }

  /** The one task whose signature (and, if needed, docstring) the text contains. */
  match(text: string): TaskMatch {
    const flat = normalise(text);
    const names = new Set([...text.matchAll(/\bdef\s+([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]));
    let hits: Entry[] = [];
    for (const name of names) {
      for (const entry of this.byName.get(name) ?? []) {
        if (flat.includes(entry.signature)) hits.push(entry);
      }
    }
    if (hits.length > 1) {
      const withDoc = hits.filter((entry) => entry.firstDocLine !== '' && flat.includes(entry.firstDocLine));
      if (withDoc.length > 0) hits = withDoc;
    }
    if (hits.length === 1) return { kind: 'found', problem: hits[0].problem };
    if (hits.length === 0) return { kind: 'none' };
    return { kind: 'ambiguous', taskIds: hits.map((entry) => entry.problem.taskId) };
  }
}
