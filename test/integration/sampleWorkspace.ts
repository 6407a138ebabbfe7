import { join } from 'node:path';
import { REPO_ROOT } from './driver/tools';

/** HumanEval/0 as a user's project: solution.py with a stub, test_examples.py with the docstring examples. */
export const SAMPLE_WORKSPACE = join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'humaneval-sample');

/** The function the integration tests solve, and the file it lives in. */
export const SAMPLE_FUNCTION = 'has_close_elements';
export const SAMPLE_FILE = 'solution.py';
export const SAMPLE_TEST_COMMAND = 'python3 -m pytest -q';

/**
 * Workspace settings pointing Best-of-N at the local replay server. The replay server speaks
 * the OpenAI shape with `n` and streaming but no reasoning knobs, hence a custom profile
 * that says exactly that. The test command is set so no detection prompt interrupts a run.
 */
export function replayWorkspaceSettings(baseUrl: string, model: string): Record<string, unknown> {
  return {
    'bestOfN.provider.baseUrl': baseUrl,
    'bestOfN.provider.model': model,
    'bestOfN.provider.profile': 'custom',
    'bestOfN.provider.custom.supportsN': true,
    'bestOfN.provider.custom.supportsStreaming': true,
    'bestOfN.provider.custom.supportsSamplingParams': true,
    'bestOfN.provider.custom.reasoningEfforts': [],
    'bestOfN.verify.testCommand': SAMPLE_TEST_COMMAND,
    'bestOfN.sampling.count': 8,
  };
}

/** Environment the in-host suite reads (see suite/context.ts). */
export const SUITE_ENV: Readonly<Record<string, string>> = {
  BEST_OF_N_IT_TEST_COMMAND: SAMPLE_TEST_COMMAND,
  BEST_OF_N_IT_FUNCTION: SAMPLE_FUNCTION,
};
