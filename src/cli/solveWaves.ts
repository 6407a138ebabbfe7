import type { ProviderProfile, ReasoningControls } from '../engine/model/types';
import type { SolveOptions } from '../engine/options';
import { wavePlan } from '../engine/run/wavePlan';
import { reasoningLabel } from './reasoningLabel';
import type { SolveArgs } from './solveArgs';

/** `--waves`, `--repair` and `--escalate` as engine options; the ladder only where it has a step to climb. */
export function wavesFrom(args: SolveArgs, profile: ProviderProfile, reasoning: ReasoningControls): Pick<SolveOptions, 'waves' | 'reasoningLadder'> {
  if (args.waves === undefined) return {};
  const size = args.waves === 'auto' ? undefined : args.waves;
  return wavePlan({ size, repair: args.repair, escalate: args.escalate }, profile, reasoning);
}

/** What the wave flags will do, where it may not be what was meant; `ladder` is the options' reasoning ladder. */
export function wavesNotes(args: SolveArgs, profile: ProviderProfile, ladder: readonly ReasoningControls[] | undefined): string[] {
  const notes: string[] = [];
  if (args.waves !== undefined && args.earlyStop === 0) notes.push('--waves without --early-stop K draws every wave up to --n; add --early-stop K to stop once K passing candidates agree.');
  if (args.escalate && !ladder) {
    const hint = profile.reasoningEfforts.length ? ' (it climbs efforts up to --reasoning-effort; give one as the ceiling)' : '';
    notes.push(`--escalate: ${profile.label} has no cheaper reasoning setting to start from here${hint}, so every wave uses the same setting.`);
  } else if (ladder) {
    notes.push(`escalation ladder: ${ladder.map(reasoningLabel).join(' → ')}.`);
  }
  return notes;
}
