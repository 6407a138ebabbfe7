import { extractCode } from '../extract/extractCode';
import type { CompletionRequest, ModelClient, ReasoningControls } from '../model/types';
import { failureExcerpt, formatFailureExcerpt } from '../secrets/failureExcerpt';
import type { ScrubOptions } from '../secrets/scrubOutput';
import { applyToFile, targetText, type Task } from '../task';
import type { Verifier, VerifierResult } from '../verify/types';

/** A revision of a failing candidate, verified like any other. */
export interface RepairOutcome {
  code: string;
  verification: VerifierResult;
  tokens: number;
}

/**
 * The revision request: the target, the failing code and what the tests said (Self-Refine).
 * What the tests said is the failing tests' names and messages only, scrubbed of the key(s) in
 * `scrub.secrets` and of anything secret-looking: a candidate may have printed `.env` or the
 * environment, and this text goes to the model provider.
 */
export function repairMessages(task: Task, code: string, failed: VerifierResult, scrub: ScrubOptions = {}): { role: 'system' | 'user'; content: string }[] {
  const report = formatFailureExcerpt(failureExcerpt(failed, { ...scrub, maxTests: 5 }));
  return [
    { role: 'system', content: 'You fix code so that the tests pass. Answer with the corrected code in one fenced block and nothing else.' },
    {
      role: 'user',
      content: [
        `File ${task.filePath}, the part to write${task.functionName ? ` (function ${task.functionName})` : ''}:`,
        '```',
        targetText(task),
        '```',
        task.spec ? `What it must do:\n${task.spec}` : '',
        'This attempt fails the tests:',
        '```',
        code,
        '```',
        `Failing tests:\n${report}`,
        'Write the corrected replacement for the part above.',
      ]
        .filter(Boolean)
        .join('\n'),
    },
  ];
}

/** What a repair request needs besides the task and the failing candidate. */
export interface RepairSettings {
  reasoning: ReasoningControls;
  maxTokens?: number;
  temperature?: number;
  timeoutMs?: number;
  /** The API key(s) in use, masked in the test output sent back (registered keys are masked anyway). */
  secrets?: readonly string[];
}

/** The model request of one repair round; solve() sends it and treats the answer as a sample. */
export function repairRequest(task: Task, failing: { code: string; verification: VerifierResult }, settings: RepairSettings): CompletionRequest {
  return {
    messages: repairMessages(task, failing.code, failing.verification, { secrets: settings.secrets }),
    n: 1,
    reasoning: settings.reasoning,
    maxTokens: settings.maxTokens,
    temperature: settings.temperature ?? 0.2,
    timeoutMs: settings.timeoutMs,
  };
}

/**
 * One repair round: sends the failing candidate and its failing test output back to the model,
 * extracts the revision and verifies it in the sandbox. Resolves undefined when the answer holds
 * no usable code. The test output is model-visible text only; nothing of it runs here.
 */
export async function repairCandidate(
  task: Task,
  failing: { code: string; verification: VerifierResult },
  options: { model: ModelClient; verifier: Verifier } & RepairSettings,
  signal: AbortSignal,
): Promise<RepairOutcome | undefined> {
  const [choice] = await options.model.complete(repairRequest(task, failing, options), signal);
  if (!choice) return undefined;
  const extraction = extractCode(task, choice.content);
  if (!extraction.ok) return undefined;
  const verification = await options.verifier.verify({ task, candidateId: 0, fileText: applyToFile(task, extraction.code) }, signal);
  return { code: extraction.code, verification, tokens: choice.usage.prompt + choice.usage.completion };
}
