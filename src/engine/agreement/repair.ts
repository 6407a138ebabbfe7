import { extractCode } from '../extract/extractCode';
import type { CompletionRequest, ModelClient, ReasoningControls } from '../model/types';
import { applyToFile, targetText, type Task } from '../task';
import type { Verifier, VerifierResult } from '../verify/types';

/** A revision of a failing candidate, verified like any other. */
export interface RepairOutcome {
  code: string;
  verification: VerifierResult;
  tokens: number;
}

/** The revision request: the target, the failing code and what the tests said (Self-Refine). */
export function repairMessages(task: Task, code: string, failed: VerifierResult): { role: 'system' | 'user'; content: string }[] {
  const failing = failed.tests.filter((t) => t.status === 'failed' || t.status === 'error').slice(0, 5);
  const report = failing.length
    ? failing.map((t) => `- ${t.name}: ${(t.message ?? t.status).slice(0, 600)}`).join('\n')
    : `The test run ended ${failed.status}${failed.reason ? ` (${failed.reason})` : ''}.\n${failed.output.slice(-1500)}`;
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
}

/** The model request of one repair round; solve() sends it and treats the answer as a sample. */
export function repairRequest(task: Task, failing: { code: string; verification: VerifierResult }, settings: RepairSettings): CompletionRequest {
  return {
    messages: repairMessages(task, failing.code, failing.verification),
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
