import { generateTests, type GenerateTestsOptions } from '../agreement/generatedTests';
import type { ParsedTest } from '../agreement/assertParser';
import { planJsTestFile } from '../language/javascript/testFile';
import { planPytestFile } from '../language/python/testFile';
import type { Task } from '../task';
import { diskReader } from './diskReader';
import type { TestFileInput, TestFilePlan } from './testFilePlan';

/** Tests proposed per file: enough to pin the behaviour down, few enough to read in a diff. */
export const PROPOSED_TESTS_CAP = 10;

export interface ProposeTestsOptions extends Omit<GenerateTestsOptions, 'mutate' | 'cap'> {
  /** Most tests proposed; default {@link PROPOSED_TESTS_CAP}. */
  cap?: number;
  /** Workspace files as the user sees them (an editor's unsaved text first); default: read from disk. */
  readText?: TestFileInput['readText'];
  isDirectory?: TestFileInput['isDirectory'];
}

/** Tests for a target that has none yet, as a change to the project's test file. */
export interface ProposedTests {
  plan: TestFilePlan;
  tests: ParsedTest[];
  /** One sentence: how many tests, from how many model answers, and what was dropped. */
  summary: string;
}

/**
 * "Write tests first": asks the model for tests of `task`'s function — the same generated
 * tests dual agreement uses ({@link generateTests}), parsed and deduplicated, contradicting
 * ones dropped — and renders them as real test functions in the project's convention
 * (pytest; jest, vitest or `node:test`), into the test file it would keep them in. Writes
 * nothing: the caller shows the plan and writes it only when the user accepts.
 * Throws when the model proposed no usable test, or the target cannot be imported by a test.
 */
export async function proposeTests(task: Task, options: ProposeTestsOptions, signal: AbortSignal): Promise<ProposedTests> {
  if (!task.functionName) throw new Error('Tests can be written first for a named function only; put the cursor in a function.');
  const { readText, isDirectory, cap, ...generate } = options;
  const disk = diskReader(task.workspaceRoot);
  const generated = await generateTests(task, { ...generate, cap: cap ?? PROPOSED_TESTS_CAP, mutate: 0 }, signal);
  const dropped = [generated.unusable && `${generated.unusable} unusable`, generated.contradicting && `${generated.contradicting} contradicting your tests`].filter(Boolean).join(', ');
  if (generated.tests.length === 0) {
    throw new Error(`The model proposed no usable test for ${task.functionName} in ${generated.requested} answers${dropped ? ` (${dropped})` : ''}.`);
  }
  const input: TestFileInput = {
    workspaceRoot: task.workspaceRoot,
    filePath: task.filePath,
    fileText: task.fileText,
    functionName: task.functionName,
    testCommand: task.testCommand,
    tests: generated.tests,
    readText: readText ?? disk.readText,
    isDirectory: isDirectory ?? disk.isDirectory,
  };
  const plan = task.language === 'python' ? await planPytestFile(input) : await planJsTestFile(input);
  const summary = `${generated.tests.length} test${generated.tests.length === 1 ? '' : 's'} for ${task.functionName} from ${generated.requested} model answers${dropped ? ` (${dropped} left out)` : ''}, ${plan.existed ? 'added to' : 'in a new'} ${plan.path} (${plan.framework}).`;
  return { plan, tests: generated.tests, summary };
}
