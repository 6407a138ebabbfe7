import type { AppliedKnobs, CompletionRequest } from '../../engine/model/types';

/** How the API is named in the reasons (no `vscode` import here: the knob table reads it in plain Node). */
export const API_NAME = "VS Code's Language Model API";

/**
 * What a request to a VS Code language model applies: nothing is sent beyond the messages
 * (model options are vendor-specific and undocumented), so every knob of `request` is listed
 * as not applied with why, plus the note on cost.
 */
export function languageModelKnobs(request: CompletionRequest): AppliedKnobs {
  const notApplied: string[] = [];
  const { effort, budgetTokens, fastMode } = request.reasoning;
  if (request.maxTokens !== undefined) notApplied.push(`max tokens ${request.maxTokens}: ${API_NAME} takes no token cap; longer answers are reported as cut at the cap`);
  if (request.temperature !== undefined) notApplied.push(`temperature ${request.temperature}: ${API_NAME} takes no sampling options`);
  if (request.topP !== undefined) notApplied.push(`top-p ${request.topP}: ${API_NAME} takes no sampling options`);
  if (effort !== undefined) notApplied.push(`effort ${effort}: ${API_NAME} takes no reasoning effort`);
  if (budgetTokens !== undefined) notApplied.push(`reasoning budget ${budgetTokens} tokens: ${API_NAME} takes no reasoning-token budget`);
  if (fastMode === true) notApplied.push(`fast mode: ${API_NAME} has no way to turn thinking off`);
  notApplied.push(`cost: ${API_NAME} reports no price; the cost budget does not count these samples`);
  return { sent: {}, notApplied };
}
