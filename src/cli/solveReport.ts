import { unifiedDiff } from '../engine/diff/lineDiff';
import type { BaselineSummary, Candidate, CandidateState, ModelStats, SolveResult } from '../engine/events';
import { riskSummary } from '../engine/risk/riskSigns';
import { targetText, type Task } from '../engine/task';
import type { RiskSign } from '../engine/verify/types';
import { reasoningLabel } from './reasoningLabel';

/** One progress line for a candidate's state change (non-TTY output). */
export function candidateLine(c: Candidate): string {
  const v = c.verification;
  const tests = v && v.total > 0 ? ` ${v.passed}/${v.total} tests` : '';
  const dup = c.duplicateOf !== undefined ? ` of #${c.duplicateOf}` : '';
  const repair = c.origin === 'repair' && c.repairOf !== undefined ? ` (repair of #${c.repairOf})` : '';
  const why = c.rejection && ['rejected', 'truncated', 'error', 'cancelled', 'tampered'].includes(c.state) ? `: ${c.rejection}` : '';
  const reason = v?.reason && (c.state === 'error' || c.state === 'timeout' || c.state === 'tampered') ? `: ${v.reason}` : '';
  const risk = c.riskSigns?.length ? ` ⚠ ${riskSummary(c.riskSigns)}` : '';
  return `#${c.id}${repair} ${c.state}${dup}${tests}${why}${reason}${risk}`;
}

const ORDER: CandidateState[] = ['sampling', 'queued', 'verifying', 'passed', 'failed', 'duplicate', 'rejected', 'truncated', 'timeout', 'error', 'tampered', 'cancelled'];

/** A one-line status of all candidates, redrawn in place on a TTY. */
export function statusLine(candidates: Iterable<Candidate>, n: number): string {
  const counts = new Map<CandidateState, number>();
  let drawn = 0;
  for (const c of candidates) {
    counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
    drawn++;
  }
  const parts = ORDER.filter((s) => counts.get(s)).map((s) => `${s} ${counts.get(s)}`);
  return `[${drawn}/${n}] ${parts.join(' · ')}`;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(1)}s`;
}

/** Why a tampered candidate was rejected, in plain words. */
function tamperedReason(c: Candidate): string {
  const v = c.verification;
  const integrity = v?.integrity;
  if (v?.reason) return v.reason;
  if (integrity?.canaries === 'forged') return 'a canary test came out wrong (a must-fail test passed or a must-pass one failed)';
  if (integrity?.canaries === 'missing') return 'the canary tests are missing from its report';
  if (integrity?.missingTests.length) return `its report leaves out ${integrity.missingTests.length} test(s) the baseline ran`;
  return 'its test report cannot be genuine';
}

/**
 * The ranked table: ranked candidates first (best first), then the rest by id. Each row says
 * which wave drew the candidate and at which reasoning setting, and its risk signs (`⚠
 * subprocess, env`, or `-`); a `from` column names the candidate a repair revised, when the
 * run repaired any. Tampered candidates are listed under the table with the reason.
 */
export function resultTable(result: SolveResult): string {
  const rankedIds = new Set(result.ranking);
  const rest = result.candidates.filter((c) => !rankedIds.has(c.id)).sort((a, b) => a.id - b.id);
  const ordered = [...result.ranking.map((id) => result.candidates.find((c) => c.id === id)).filter((c): c is Candidate => !!c), ...rest];
  const repairs = result.candidates.some((c) => c.origin === 'repair');
  const header = ['rank', 'cand', 'state', 'tests', 'risk', 'votes', 'tokens p/r/c', 'time s/t', 'wave', 'reasoning', ...(repairs ? ['from'] : [])];
  const rows = ordered.map((c) => {
    const v = c.verification;
    const state = c.state === 'duplicate' ? `dup of #${c.duplicateOf}` : c.state;
    return [
      c.score ? String(c.score.rank) : '-',
      `#${c.id}`,
      state,
      v ? (v.total > 0 ? `${v.passed}/${v.total}` : v.status) : '-',
      c.riskSigns?.length ? `⚠ ${riskSummary(c.riskSigns)}` : '-',
      String(c.votes),
      `${c.usage.prompt}/${c.usage.reasoning}/${c.usage.completion}${c.usage.estimated ? '~' : ''}`,
      `${seconds(c.latencyMs)}/${seconds(v?.durationMs)}`,
      String(c.wave),
      reasoningLabel(c.reasoning),
      ...(repairs ? [c.origin === 'repair' && c.repairOf !== undefined ? `repair of #${c.repairOf}` : 'sample'] : []),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]): string => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  const tampered = ordered.filter((c) => c.state === 'tampered' || c.verification?.status === 'tampered').map((c) => `#${c.id} tampered (rejected, never picked): ${tamperedReason(c)}`);
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt), ...tampered].join('\n');
}

/**
 * The baseline and witness outcome, for the top of the output: tests found, tests failing
 * before the run, and whether the tests reach the code being replaced.
 */
export function baselineLines(b: BaselineSummary): string[] {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const shown = b.failingBefore.slice(0, 5).join(', ') + (b.failingBefore.length > 5 ? `, … ${b.failingBefore.length - 5} more` : '');
  const failing = b.failingBefore.length ? `${plural(b.failingBefore.length, 'test')} failing before the run, left out of verdicts (${shown})` : 'none failing before the run';
  const witness =
    b.witness === 'reached'
      ? `the tests reach the code being replaced (${plural(b.reaching.length, 'test')} hit the stub)`
      : b.witness === 'not-reached'
        ? 'the tests do NOT reach the code being replaced'
        : 'unknown (the test runner gives no per-test report to tell)';
  const selection = b.selection ? [`Tests per candidate: ${b.selection.mode === 'selected' ? `selected, \`${b.selection.command}\`` : 'the whole command'} — ${b.selection.reason}.`] : [];
  return [`Baseline: ${plural(b.testIds.length, 'test')} found; ${failing} (${seconds(b.durationMs)}).`, `Witness: ${witness}. ${b.explanation}`.trimEnd(), ...selection];
}

/** One line per risk sign, for right above an apply line: a candidate is never written unseen. */
export function riskLines(c: Pick<Candidate, 'id'>, signs: readonly RiskSign[]): string[] {
  if (!signs.length) return [];
  return [`Risk signs of #${c.id} (${riskSummary(signs)}):`, ...signs.map((s) => `  ⚠ ${s.kind}: ${s.detail} (${s.source === 'static' ? 'seen in its code' : 'seen by the sandbox'})`)];
}

/** Where the candidates' tests ran, in plain words: an unsandboxed run says so. */
export function sandboxLine(result: SolveResult): string | undefined {
  const tested = result.candidates.filter((c) => c.verification && c.verification.status !== 'cancelled');
  if (!tested.length) return undefined;
  const bare = tested.filter((c) => c.verification?.sandbox !== 'bubblewrap');
  if (!bare.length) return 'Sandbox: every candidate\'s tests ran inside bubblewrap.';
  const note = bare.find((c) => c.verification?.sandboxNote)?.verification?.sandboxNote;
  return `Sandbox: NONE for ${bare.length} of ${tested.length} tested candidate${tested.length === 1 ? '' : 's'} — their tests ran in a temp copy on this machine without an OS sandbox${note ? ` (${note})` : ''}.`;
}

/** The chosen candidate's unified diff against the current target text, with file line numbers. */
export function choiceDiff(task: Task, candidate: Candidate): string {
  const line = task.fileText.slice(0, task.range.start).split('\n').length;
  const diff = unifiedDiff(targetText(task), candidate.code ?? '', { fromLabel: `a/${task.filePath}`, toLabel: `b/${task.filePath}`, lineOffset: line - 1 });
  return diff || '(the candidate is identical to the current code)\n';
}

/** Samples per reasoning setting and repairs, when the run drew at more than one setting or repaired; else undefined. */
export function escalationLine(result: SolveResult): string | undefined {
  const drawn = new Map<string, number>();
  for (const c of result.candidates) if (c.finishReason !== undefined) drawn.set(reasoningLabel(c.reasoning), (drawn.get(reasoningLabel(c.reasoning)) ?? 0) + 1);
  const repairs = result.candidates.filter((c) => c.origin === 'repair').length;
  if (drawn.size < 2 && repairs === 0) return undefined;
  const settings = [...drawn].map(([label, count]) => `${label} ${count}`).join(' · ');
  return `Drawn per reasoning setting: ${settings}${repairs ? ` · repairs ${repairs}` : ''}`;
}

/** Everything printed after a run, for people. */
export function humanReport(task: Task, result: SolveResult): string {
  const out: string[] = ['', ...(result.baseline ? [...baselineLines(result.baseline), ''] : []), resultTable(result), ''];
  const t = result.totals;
  out.push(
    `Samples ${t.samples} · tested ${t.verified} · passing every test ${t.passing} · duplicates ${t.duplicates} · cache hits ${t.cacheHits} · tokens ${t.promptTokens}/${t.reasoningTokens}/${t.completionTokens} (prompt/reasoning/completion) · $${t.costUsd.toFixed(4)} · ${seconds(t.wallMs)} · stopped by ${result.stoppedBy}`,
  );
  for (const m of result.models ?? []) out.push(modelLine(m));
  const escalation = escalationLine(result);
  if (escalation) out.push(escalation);
  const sandbox = sandboxLine(result);
  if (sandbox) out.push(sandbox);
  out.push(`Verifier strength: ${result.verifierStrength.level}. ${result.verifierStrength.note}`);
  out.push('');
  if (result.choice) {
    const chosen = result.candidates.find((c) => c.id === result.choice?.candidateId);
    out.push(`Chosen: ${result.choice.reason}${chosen?.model ? ` (from ${chosen.model})` : ''}`);
    if (chosen) out.push('', choiceDiff(task, chosen));
  } else if (result.abstention) {
    out.push(`Abstained: ${result.abstention.reason}`);
  }
  return out.join('\n') + '\n';
}

/** One model of a mixed pool: what it drew, passed and cost, and whether the pick came from it. */
function modelLine(m: ModelStats): string {
  const rate = m.tested > 0 ? ` (${Math.round((m.passing / m.tested) * 100)}% of ${m.tested} tested)` : '';
  const mean = m.samples > 0 ? seconds(m.latencyMs / m.samples) : '-';
  return `Model ${m.model} (${m.provider}, share ${m.share}): ${m.samples} samples · passing ${m.passing}${rate} · ${m.inPickGroup} in the pick's group · tokens ${m.promptTokens}/${m.reasoningTokens}/${m.completionTokens} · $${m.costUsd.toFixed(4)} · ${mean} per sample${m.picked ? ' · pick' : ''}`;
}
