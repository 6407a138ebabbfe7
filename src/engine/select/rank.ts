import type { Candidate, CandidateScore } from '../events';
import { riskSignsOf, riskSummary, type RiskContext } from '../risk/riskSigns';
import { targetText, type Task } from '../task';
import type { RiskSign, VerifierResult } from '../verify/types';
import { agreementGroup, generatedTestsGroup, type ProbeCounts } from './agreementKey';
import { formFidelity } from './fidelity';
import { medoidScores } from './similarity';

/** What ranking needs from the task: the target's original text (form, risk baseline), its language and the file. */
export type RankContext = RiskContext;

/** The ranking context of a task. */
export function rankContextOf(task: Task): RankContext {
  return { originalTarget: targetText(task), language: task.language, fileText: task.fileText };
}

/** Candidates that have a verdict to rank by. */
function ranked(candidates: Candidate[]): Candidate[] {
  return candidates.filter((c) => c.duplicateOf === undefined && c.verification && c.verification.status !== 'cancelled');
}

/** Tests passed as a fraction; an exit-code-only pass (no per-test report) counts as 1. */
export function passFraction(v: VerifierResult): number {
  if (v.total > 0) return v.passed / v.total;
  return v.status === 'passed' ? 1 : 0;
}

/** Tokens a candidate cost to draw (`completion` already includes reasoning tokens). */
export function candidateTokens(c: Candidate): number {
  return c.usage.completion;
}

// Medoid scores are float means; closer than this is a tie.
const EPSILON = 1e-9;

interface Entry {
  c: Candidate;
  v: VerifierResult;
  fraction: number;
  agreement: number;
  dual: number;
  groupSize: number;
  medoid: number;
  fidelity: number;
  signs: RiskSign[];
  tampered: boolean;
}

function compare(x: Entry, y: Entry): number {
  const medoid = Math.abs(y.medoid - x.medoid) > EPSILON ? y.medoid - x.medoid : 0;
  return (
    Number(x.tampered) - Number(y.tampered) ||
    y.fraction - x.fraction ||
    Number(x.v.status !== 'passed') - Number(y.v.status !== 'passed') ||
    // A clean candidate beats a risky one with the same test result, whatever the votes.
    Number(x.signs.length > 0) - Number(y.signs.length > 0) ||
    y.v.passed - x.v.passed ||
    y.dual - x.dual ||
    y.agreement - x.agreement ||
    medoid ||
    y.fidelity - x.fidelity ||
    y.c.votes - x.c.votes ||
    x.c.id - y.c.id
  );
}

/**
 * Ranks verified candidates, best first, as a reviewer would: a tampered report ranks last;
 * then the share of tests passed (a full pass before a killed run); then a clean candidate
 * before one with risk signs; then the count of tests passed; then dual agreement when generated tests ran (group
 * votes × (1 + generated tests passed)); then agreement (votes of the behaviour group,
 * duplicates included); inside a group the medoid (closest to the group's other samples),
 * then the one keeping the file's signature line and docstring, then more identical copies,
 * then the earlier id. Length is no criterion: a shorter candidate is not a better one.
 *
 * With `context` (the task's original target), each candidate's risk signs are computed
 * from its code and what the sandbox observed, and stored in `Candidate.riskSigns` for every
 * candidate with code; without it, signs already set and sandbox observations still count.
 */
export function rankCandidates(
  candidates: Candidate[],
  probes?: ProbeCounts,
  context?: RankContext,
): { ranking: number[]; scores: Record<number, CandidateScore> } {
  for (const c of candidates) {
    if (!context && !c.verification?.observed?.length) continue;
    const signs = riskSignsOf(c, context);
    if (signs.length) c.riskSigns = signs;
    else delete c.riskSigns;
  }
  const pool = ranked(candidates);
  const groups = new Map<string, Candidate[]>();
  const generated = new Map<number, number>();
  const keyOf = new Map<number, string>();
  for (const c of pool) {
    const g = agreementGroup(c.verification as VerifierResult, probes);
    generated.set(c.id, g.generatedPassed);
    keyOf.set(c.id, g.key);
    groups.set(g.key, [...(groups.get(g.key) ?? []), c]);
  }
  const language = context?.language ?? 'other';
  const info: Entry[] = [];
  for (const members of groups.values()) {
    const agreement = members.reduce((n, c) => n + c.votes, 0);
    const medoid = medoidScores(members.map((c) => ({ id: c.id, code: c.code ?? '', votes: c.votes })), language);
    for (const c of members) {
      const v = c.verification as VerifierResult;
      info.push({
        c,
        v,
        fraction: passFraction(v),
        agreement,
        dual: agreement * (1 + (generated.get(c.id) ?? 0)),
        groupSize: members.length,
        medoid: medoid.get(c.id) ?? 0,
        fidelity: context && c.code !== undefined ? formFidelity(c.code, context.originalTarget, context.language) : 0,
        signs: c.riskSigns ?? [],
        tampered: v.status === 'tampered',
      });
    }
  }
  info.sort(compare);
  const scores: Record<number, CandidateScore> = {};
  // Groups are numbered in the order of their best member, so group 1 holds the top pick.
  const groupRank = new Map<string, number>();
  info.forEach((entry, index) => {
    const key = keyOf.get(entry.c.id) ?? '';
    if (!groupRank.has(key)) groupRank.set(key, groupRank.size + 1);
    scores[entry.c.id] = {
      group: groupRank.get(key) ?? 0,
      groupSize: entry.groupSize,
      testsPassed: entry.v.passed,
      testsTotal: entry.v.total,
      agreement: entry.agreement,
      tokens: -candidateTokens(entry.c),
      rank: index + 1,
      explanation: explain(entry, index + 1, context !== undefined),
    };
  });
  return { ranking: info.map((e) => e.c.id), scores };
}

function explain(e: Entry, rank: number, withForm: boolean): string {
  const { c, v, agreement } = e;
  if (e.tampered) return `Ranked #${rank} (last): its test report cannot be genuine${v.reason ? ` (${v.reason})` : ''}; a tampered candidate is never picked.`;
  const tests =
    v.total > 0
      ? `passed ${v.passed}/${v.total} test${v.total === 1 ? '' : 's'}`
      : v.status === 'passed'
        ? 'the test command succeeded (no per-test report)'
        : `the test run ended ${v.status}${v.reason ? ` (${v.reason})` : ''}`;
  const parts = [tests];
  if (e.signs.length) parts.push(`risk signs (${riskSummary(e.signs)}) rank it below clean candidates`);
  const others = agreement - 1;
  const votes = c.votes > 1 ? ` (${c.votes - 1} identical cop${c.votes - 1 === 1 ? 'y' : 'ies'})` : '';
  parts.push(others > 0 ? `${others} other sample${others === 1 ? '' : 's'} behaved the same${votes}` : 'no other sample behaved the same');
  if (e.groupSize > 1) parts.push(`its code is ${Math.round(e.medoid * 100)}% like the rest of its group`);
  if (withForm) parts.push(e.fidelity === 2 ? "it keeps the file's signature and docstring" : "it changes the file's signature line or docstring");
  return `Ranked #${rank}: ${parts.join('; ')}.`;
}

/**
 * CodeT's dual agreement, the ranking when the user's tests are not to be used (the
 * benchmark's `codet` row): candidates are grouped by the generated tests they pass
 * ({@link generatedTestsGroup}) and a group scores its samples × the generated tests it
 * passes; ties go to the larger group, then more votes, then the earlier id. A candidate
 * without probe answers is a group of its own copies and scores 0. Returns ids, best first,
 * and each candidate's group size in samples.
 */
export function rankByGeneratedTests(candidates: Candidate[], probes: ProbeCounts): { ranking: number[]; agreement: Record<number, number> } {
  const pool = ranked(candidates);
  const keyed = pool.map((c) => {
    const g = generatedTestsGroup(c.verification as VerifierResult, probes);
    return { c, key: g ? `t:${g.key}` : `c:${c.id}`, passed: g?.generatedPassed ?? 0 };
  });
  const votes = new Map<string, number>();
  for (const k of keyed) votes.set(k.key, (votes.get(k.key) ?? 0) + k.c.votes);
  const scored = keyed.map((k) => ({ ...k, group: votes.get(k.key) ?? k.c.votes, score: (votes.get(k.key) ?? k.c.votes) * k.passed }));
  scored.sort((x, y) => y.score - x.score || y.group - x.group || y.c.votes - x.c.votes || x.c.id - y.c.id);
  return { ranking: scored.map((s) => s.c.id), agreement: Object.fromEntries(scored.map((s) => [s.c.id, s.group])) };
}
