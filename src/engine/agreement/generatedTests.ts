import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ModelClient, ReasoningControls } from '../model/types';
import type { Task } from '../task';
import { grammarOf, javascriptTestPrompt, parseJsTests, unfenceJs } from '../language/javascript/assertions';
import { pythonTestPrompt } from '../language/python/assertionsPrompt';
import { parseTests, type ParsedTest } from './assertParser';

/** Model-written tests for one target, ready to run on every candidate as probes. */
export interface GeneratedTests {
  tests: ParsedTest[];
  /** Distinct calls of the generated tests: the inputs candidates' outputs are compared on. */
  calls: string[];
  /**
   * What the verifier evaluates per candidate: first every call (its output), then every
   * test as a boolean check. `behaviour` answers come back in this order.
   */
  probes: string[];
  contradicting: number;
  unusable: number;
  /** Model choices asked for and tokens they cost. */
  requested: number;
  tokens: number;
}

/**
 * Extra inputs derived by nudging one argument of a known call. Measured in `npm run bench`
 * (N = 100): 30 lifts the default pick from 108 to 109 of 164 tasks and strict precision from
 * 90.3% to 90.8%, mostly where the model wrote no usable test and the user's calls are all there is.
 */
export const DEFAULT_DERIVED_INPUTS = 30;

export interface GenerateTestsOptions {
  model: ModelClient;
  /** Python interpreter used to parse Python asserts (parsing only; JavaScript is parsed in process). */
  python: string;
  /** Choices requested (each may hold several asserts). */
  count: number;
  /** Most tests kept. */
  cap: number;
  /** Most extra inputs derived from the user's and the generated tests' calls; default {@link DEFAULT_DERIVED_INPUTS}. */
  mutate?: number;
  reasoning?: ReasoningControls;
  temperature?: number;
  maxTokens?: number;
}

/**
 * CodeT's test-generation prompt for the task's language: the target's signature and docstring
 * with a stub body, then a "check the correctness of NAME" comment and an open assertion.
 */
export function testPrompt(task: Task): Promise<string> {
  return isScript(task.language) ? javascriptTestPrompt(task) : pythonTestPrompt(task);
}

/** Languages whose generated tests are JavaScript assertions, probed in the Node worker. */
export function isScript(language: Task['language']): boolean {
  return language === 'javascript' || language === 'typescript';
}

/** Languages generated tests, derived inputs and probes exist for. */
export function probesLanguage(language: Task['language']): boolean {
  return language === 'python' || isScript(language);
}

const PYTHON_TEST_FILE = /^test_.*\.py$|_test\.py$/;
const SCRIPT_TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const SCRIPT_TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec']);

/**
 * Test files of the workspace the user's tests are likely in (top level, tests/, and for
 * JavaScript src/ and __tests__/), at most 50 per folder; with the task's related tests first.
 */
async function visibleTestTexts(task: Task): Promise<string[]> {
  const texts = (task.relatedTests ?? []).map((t) => t.text);
  const script = isScript(task.language);
  const dirs = script ? ['.', 'test', 'tests', '__tests__', 'spec', 'src'] : ['.', 'tests', 'test'];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(path.join(task.workspaceRoot, dir));
    } catch {
      continue;
    }
    const isTest = (n: string): boolean => (script ? SCRIPT_TEST_FILE.test(n) || (SCRIPT_TEST_DIRS.has(dir) && /\.[cm]?[jt]sx?$/.test(n)) : PYTHON_TEST_FILE.test(n));
    for (const name of names.filter(isTest).slice(0, 50)) {
      try {
        texts.push(await readFile(path.join(task.workspaceRoot, dir, name), 'utf8'));
      } catch {
        // An unreadable file only means fewer contradictions can be detected.
      }
    }
  }
  return texts;
}

function unfence(text: string): string {
  const m = /```[a-z]*\n([\s\S]*?)(```|$)/.exec(text);
  const body = m ? m[1] : text;
  // A completion of the open `assert` starts mid-statement.
  return /^\s*assert\b/.test(body) ? body : `assert ${body}`;
}

/** What a probe evaluates for one generated test: a boolean check in the task's language. */
function checkOf(test: ParsedTest, script: boolean): string {
  if (!script) return test.expected === null ? `bool(${test.call})` : `(${test.call}) == (${test.expected})`;
  // Helpers the Node probe worker defines (probe_child.cjs): deep strict equality, truthiness, throwing.
  if (test.throws) return `__bonThrows(() => ${test.call})`;
  return test.expected === null ? `__bonTruthy(${test.call})` : `__bonSame(${test.call}, ${test.expected})`;
}

/**
 * Asks the model for test cases of a Python, JavaScript or TypeScript target (CodeT), keeps
 * the distinct (call, expected) pairs about the target function, drops those that contradict
 * the visible tests, and turns the rest into probes. The generated tests are evidence for
 * agreement ranking, never ground truth: nothing is dropped or picked on them alone.
 */
export async function generateTests(task: Task, options: GenerateTestsOptions, signal: AbortSignal): Promise<GeneratedTests> {
  if (!probesLanguage(task.language) || !task.functionName) {
    throw new Error('Generated tests need a named Python, JavaScript or TypeScript function as the target.');
  }
  const script = isScript(task.language);
  const choices = await options.model.complete(
    {
      messages: [{ role: 'user', content: await testPrompt(task) }],
      n: options.count,
      reasoning: options.reasoning ?? {},
      temperature: options.temperature ?? 0.8,
      maxTokens: options.maxTokens ?? 300,
    },
    signal,
  );
  const request = {
    entry: task.functionName,
    texts: choices.map((c) => (script ? unfenceJs(c.content) : unfence(c.content))),
    visible: await visibleTestTexts(task),
    cap: options.cap,
    mutate: options.mutate ?? DEFAULT_DERIVED_INPUTS,
  };
  const parsed = script ? await parseJsTests(grammarOf(task.language, task.filePath), request) : await parseTests(options.python, request, signal);
  const calls = [...new Set([...parsed.tests.map((t) => t.call), ...parsed.extraCalls])];
  const checks = parsed.tests.map((t) => checkOf(t, script));
  return {
    tests: parsed.tests,
    calls,
    probes: [...calls, ...checks],
    contradicting: parsed.contradicting,
    unusable: parsed.unusable,
    requested: options.count,
    tokens: choices.reduce((s, c) => s + c.usage.prompt + c.usage.completion, 0),
  };
}
