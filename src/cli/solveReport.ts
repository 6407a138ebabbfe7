import { unifiedDiff } from '../engine/diff/lineDiff';
import type { Candidate, CandidateState, SolveResult } from '../engine/events';
import { targetText, type Task } from '../engine/task';
import { reasoningLabel } from './reasoningLabel';

/** One progress line for a candidate's state change (non-TTY output). */
export function candidateLine(c: Candidate): string {
  const v = c.verification;
  const tests = v && v.total > 0 ? ` ${v.passed}/${v.total} tests` : '';
  const dup = c.duplicateOf !== undefined ? ` of #${c.duplicateOf}` : '';
  const repair = c.origin === 'repair' && c.repairOf !== undefined ? ` (repair of #${c.repairOf})` : '';
  const why = c.rejection && ['rejected', 'truncated', 'error', 'cancelled'].includes(c.state) ? `: ${c.rejection}` : '';
  const reason = v?.reason && (c.state === 'error' || c.state === 'timeout') ? `: ${v.reason}` : '';
  return `#${c.id}${repair} ${c.state}${dup}${tests}${why}${reason}`;
}

const ORDER: CandidateState[] = ['sampling', 'queued', 'verifying', 'passed', 'failed', 'duplicate', 'rejected', 'truncated', 'timeout', 'error', 'cancelled'];

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

/**
 * The ranked table: ranked candidates first (best first), then the rest by id. Each row says
 * which wave drew the candidate and at which reasoning setting; a `from` column names the
 * candidate a repair revised, when the run repaired any.
 */
export function resultTable(result: SolveResult): string {
  const rankedIds = new Set(result.ranking);
  const rest = result.candidates.filter((c) => !rankedIds.has(c.id)).sort((a, b) => a.id - b.id);
  const ordered = [...result.ranking.map((id) => result.candidates.find((c) => c.id === id)).filter((c): c is Candidate => !!c), ...rest];
  const repairs = result.candidates.some((c) => c.origin === 'repair');
  const header = ['rank', 'cand', 'state', 'tests', 'votes', 'tokens p/r/c', 'time s/t', 'wave', 'reasoning', ...(repairs ? ['from'] : [])];
  const rows = ordered.map((c) => {
    const v = c.verification;
    const state = c.state === 'duplicate' ? `dup of #${c.duplicateOf}` : c.state;
    return [
      c.score ? String(c.score.rank) : '-',
      `#${c.id}`,
      state,
      v ? (v.total > 0 ? `${v.passed}/${v.total}` : v.status) : '-',
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
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
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
  const out: string[] = ['', resultTable(result), ''];
  const t = result.totals;
  out.push(
    `Samples ${t.samples} · tested ${t.verified} · passing every test ${t.passing} · duplicates ${t.duplicates} · cache hits ${t.cacheHits} · tokens ${t.promptTokens}/${t.reasoningTokens}/${t.completionTokens} (prompt/reasoning/completion) · $${t.costUsd.toFixed(4)} · ${seconds(t.wallMs)} · stopped by ${result.stoppedBy}`,
  );
  const escalation = escalationLine(result);
  if (escalation) out.push(escalation);
  out.push(`Verifier strength: ${result.verifierStrength.level}. ${result.verifierStrength.note}`);
  out.push('');
  if (result.choice) {
    const chosen = result.candidates.find((c) => c.id === result.choice?.candidateId);
    out.push(`Chosen: ${result.choice.reason}`);
    if (chosen) out.push('', choiceDiff(task, chosen));
  } else if (result.abstention) {
    out.push(`Abstained: ${result.abstention.reason}`);
  }
  return out.join('\n') + '\n';
}
