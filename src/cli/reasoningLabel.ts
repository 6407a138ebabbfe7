import type { ReasoningControls } from '../engine/model/types';

/** A reasoning setting in a few words, for tables: `fast`, `effort low`, `budget 1024`, or `default`. */
export function reasoningLabel(controls: ReasoningControls): string {
  const parts: string[] = [];
  if (controls.fastMode) parts.push('fast');
  if (controls.effort) parts.push(`effort ${controls.effort}`);
  if (controls.budgetTokens !== undefined) parts.push(`budget ${controls.budgetTokens}`);
  return parts.length ? parts.join(', ') : 'default';
}
