import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** One HumanEval problem joined with its recorded model outputs and its visible tests. */
export interface HumanEvalProblem {
  /** e.g. `HumanEval/0`. */
  taskId: string;
  /** Signature + docstring with its usage examples: what a user's file holds. */
  prompt: string;
  entryPoint: string;
  canonicalSolution: string;
  /** The hidden `check(candidate)` source; used only to score. */
  hiddenTest: string;
  /** The prompt the recorded model saw (examples removed). */
  samplePrompt: string;
  /** Recorded CodeGen-Mono-16B completions (function bodies), in file order. */
  samples: string[];
  /** The prompt the model saw when writing tests (ends in `assert `). */
  testPrompt: string;
  /** Recorded model-written test cases: completions after `assert `. */
  generatedTests: string[];
  /** The docstring's usage examples as asserts: the user's visible tests. */
  visibleAsserts: string[];
  visibleSource: string;
}

export interface HumanEvalDataset {
  dir: string;
  problems: HumanEvalProblem[];
  byId: Map<string, HumanEvalProblem>;
}

const FILES = {
  problems: 'problems.jsonl',
  samples: 'codegen16b-samples.jsonl',
  tests: 'codegen16b-generated-tests.jsonl',
  visible: 'visible-tests.json',
} as const;

/**
 * Where the data lives when no directory is given: `BEST_OF_N_HUMANEVAL_DIR`, else
 * `../shared/data/humaneval` next to the repository (found from the cwd or this bundle).
 */
export function defaultHumanEvalDir(): string {
  const fromEnv = process.env.BEST_OF_N_HUMANEVAL_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  const starts = [process.cwd(), __dirname];
  for (const start of starts) {
    let dir = start;
    for (let i = 0; i < 6; i++) {
      const candidate = path.join(dir, '..', 'shared', 'data', 'humaneval');
      if (existsSync(path.join(candidate, FILES.problems))) return path.resolve(candidate);
      dir = path.dirname(dir);
    }
  }
  throw new Error(
    'HumanEval data not found: set BEST_OF_N_HUMANEVAL_DIR or pass --data DIR (the folder holding problems.jsonl).',
  );
}

function asString(row: Record<string, unknown>, key: string, where: string): string {
  const value = row[key];
  if (typeof value !== 'string') throw new Error(`${where}: field "${key}" is missing or not a string`);
  return value;
}

function asStrings(row: Record<string, unknown>, key: string, where: string): string[] {
  const value = row[key];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new Error(`${where}: field "${key}" is missing or not a list of strings`);
  }
  return value;
}

async function readJsonl(file: string): Promise<Map<string, Record<string, unknown>>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const rows = new Map<string, Record<string, unknown>>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${path.basename(file)} line ${index + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`${where}: not a JSON object`);
    const record = row as Record<string, unknown>;
    rows.set(asString(record, 'task_id', where), record);
  });
  return rows;
}

/**
 * Loads the 164 problems with their 100 recorded samples, 100 recorded model-written
 * tests and visible asserts. Fails with the file and line of the first malformed row.
 */
export async function loadHumanEval(dir: string = defaultHumanEvalDir()): Promise<HumanEvalDataset> {
  const [problems, samples, tests, visibleText] = await Promise.all([
    readJsonl(path.join(dir, FILES.problems)),
    readJsonl(path.join(dir, FILES.samples)),
    readJsonl(path.join(dir, FILES.tests)),
    readFile(path.join(dir, FILES.visible), 'utf8'),
  ]);
  const visibleRoot = JSON.parse(visibleText) as { tests?: Record<string, { asserts?: unknown; source?: unknown }> };
  if (!visibleRoot.tests || typeof visibleRoot.tests !== 'object') throw new Error(`${FILES.visible}: no "tests" object`);

  const out: HumanEvalProblem[] = [];
  for (const [taskId, row] of problems) {
    const sampleRow = samples.get(taskId);
    const testRow = tests.get(taskId);
    const visible = visibleRoot.tests[taskId];
    if (!sampleRow) throw new Error(`${FILES.samples}: no row for ${taskId}`);
    if (!testRow) throw new Error(`${FILES.tests}: no row for ${taskId}`);
    if (!visible) throw new Error(`${FILES.visible}: no entry for ${taskId}`);
    const visibleAsserts = asStrings(visible as Record<string, unknown>, 'asserts', `${FILES.visible} ${taskId}`);
    out.push({
      taskId,
      prompt: asString(row, 'prompt', taskId),
      entryPoint: asString(row, 'entry_point', taskId),
      canonicalSolution: asString(row, 'canonical_solution', taskId),
      hiddenTest: asString(row, 'test', taskId),
      samplePrompt: asString(sampleRow, 'prompt', `${FILES.samples} ${taskId}`),
      samples: asStrings(sampleRow, 'samples', `${FILES.samples} ${taskId}`),
      testPrompt: asString(testRow, 'prompt', `${FILES.tests} ${taskId}`),
      generatedTests: asStrings(testRow, 'samples', `${FILES.tests} ${taskId}`),
      visibleAsserts,
      visibleSource: typeof visible.source === 'string' ? visible.source : 'unknown',
    });
  }
  // HumanEval/10 sorts before HumanEval/2 as text; keep the numeric order people expect.
  out.sort((a, b) => taskNumber(a.taskId) - taskNumber(b.taskId));
  return { dir, problems: out, byId: new Map(out.map((p) => [p.taskId, p])) };
}

/** The number in `HumanEval/<n>`, or NaN. */
export function taskNumber(taskId: string): number {
  return Number(taskId.slice(taskId.lastIndexOf('/') + 1));
}
