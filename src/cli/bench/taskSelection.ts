import type { HumanEvalProblem } from '../../engine/humaneval/dataset';

/** Tasks picked by `--tasks 0,3,10-19,HumanEval/7` or `--limit K`. */
export function selectTasks(problems: HumanEvalProblem[], tasks: string | undefined, limit: number | undefined): HumanEvalProblem[] {
  if (!tasks) return problems.slice(0, limit ?? problems.length);
  const wanted = new Set<number>();
  for (const part of tasks.split(',').map((s) => s.trim().replace(/^HumanEval\//, '')).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) for (let i = Number(range[1]); i <= Number(range[2]); i++) wanted.add(i);
    else if (/^\d+$/.test(part)) wanted.add(Number(part));
    else throw new Error(`--tasks: "${part}" is not a task number, range or HumanEval id`);
  }
  const picked = problems.filter((p) => wanted.has(Number(p.taskId.split('/')[1])));
  if (picked.length !== wanted.size) throw new Error(`--tasks names ${wanted.size} tasks but only ${picked.length} exist`);
  return picked.slice(0, limit ?? picked.length);
}
