import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Task } from '../task';
import type { HumanEvalProblem } from './dataset';

/** The body a fresh workspace starts with: fails every test until replaced. */
export const STUB_BODY = '    raise NotImplementedError\n';
export const SOLUTION_FILE = 'solution.py';
export const VISIBLE_TEST_FILE = 'test_examples.py';
export const VISIBLE_TEST_COMMAND = `python -m pytest -q ${VISIBLE_TEST_FILE}`;

/** `solution.py`: the problem's prompt (docstring with examples) and a stub body. */
export function solutionText(problem: HumanEvalProblem): string {
  return problem.prompt + STUB_BODY;
}

/**
 * `test_examples.py`: one pytest test per visible example, the few weak local tests a
 * user would have. `import *` because some examples call sibling functions (encode/decode pairs).
 */
export function visibleTestText(problem: HumanEvalProblem): string {
  const lines = [
    `# Usage examples from the docstring of ${problem.entryPoint} (${problem.taskId}), one test each.`,
    'from solution import *  # noqa: F401,F403',
    '',
  ];
  problem.visibleAsserts.forEach((assertion, index) => {
    lines.push('', `def test_example_${index + 1}():`, `    ${assertion}`, '');
  });
  return lines.join('\n');
}

/**
 * The hidden ground truth as a test file: HumanEval's `check(candidate)` against the
 * candidate module. Never written into a user-like workspace; used only to score.
 */
export function hiddenTestText(problem: HumanEvalProblem): string {
  return [
    'from solution import *  # noqa: F401,F403',
    problem.hiddenTest,
    '',
    'def test_hidden():',
    `    check(${problem.entryPoint})`,
    '',
  ].join('\n');
}

/** The Task a user would start from this workspace: complete the stub body of the entry point. */
export function taskForProblem(problem: HumanEvalProblem, workspaceRoot: string): Task {
  const fileText = solutionText(problem);
  const start = problem.prompt.length;
  return {
    workspaceRoot,
    filePath: SOLUTION_FILE,
    fileText,
    range: { start, end: start + STUB_BODY.length },
    targetKind: 'body',
    functionName: problem.entryPoint,
    spec: docstringOf(problem.prompt),
    testCommand: VISIBLE_TEST_COMMAND,
    language: 'python',
  };
}

/** Writes `solution.py` and `test_examples.py` into `dir` and returns the matching Task. */
export async function writeTaskWorkspace(problem: HumanEvalProblem, dir: string): Promise<Task> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, SOLUTION_FILE), solutionText(problem));
  await writeFile(path.join(dir, VISIBLE_TEST_FILE), visibleTestText(problem));
  return taskForProblem(problem, path.resolve(dir));
}

/** The last docstring in the prompt (the entry point's), without its quotes. */
export function docstringOf(prompt: string): string {
  const quote = prompt.lastIndexOf('"""') >= prompt.lastIndexOf("'''") ? '"""' : "'''";
  const end = prompt.lastIndexOf(quote);
  const start = prompt.lastIndexOf(quote, end - 1);
  if (start < 0 || end <= start) return '';
  return prompt.slice(start + 3, end).trim();
}
