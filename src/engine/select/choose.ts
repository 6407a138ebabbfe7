import { splitBehaviour } from '../agreement/dualAgreement';
import type { Candidate, SolveResult, VerifierStrength } from '../events';
import { DEFAULT_STRICT_MIN_AGREEING, type SolveOptions } from '../options';
import { riskSummary } from '../risk/riskSigns';
import type { Language } from '../task';
import type { VerifierResult } from '../verify/types';
import { agreementGroup, type ProbeCounts } from './agreementKey';
import { passFraction } from './rank';

/** A verified candidate that passed every test. */
export function passesAll(c: Candidate): boolean {
  return c.verification?.status === 'passed';
}

/** The setting a run's figures hold for: its language and the generated tests (probes) it ran. */
export interface StrengthSetting {
  language?: Language;
  probes?: ProbeCounts;
}

/**
 * How far the local tests can be trusted to separate right from wrong
 * ("Inference Scaling fLaws": a weak verifier puts a floor of false positives
 * under resampling). Weak: ≤2 tests, every verified candidate passes (the tests
 * do not discriminate), or passing candidates behave differently. The share of wrong
 * picks is quoted only where it was measured — Python with generated tests that ran for the
 * pick; elsewhere the note says it is unmeasured.
 */
export function verifierStrength(candidates: Candidate[], pick?: Candidate, setting: StrengthSetting = {}): VerifierStrength {
  const base = testStrength(candidates, setting.probes);
  const agreeing = pick?.score?.agreement;
  if (!pick || !passesAll(pick) || agreeing === undefined) return { ...base, riskMeasured: false };
  const probed = setting.probes !== undefined && splitBehaviour(pick.verification?.behaviour, setting.probes.calls, setting.probes.checks) !== undefined;
  if (setting.language !== 'python' || !probed) {
    const missing = setting.language === undefined ? 'this setting' : setting.language !== 'python' ? `${setting.language} code` : 'runs without generated tests';
    return {
      ...base,
      riskMeasured: false,
      note: `${base.note} How often a pick like this is wrong is unmeasured for ${missing} (it was measured on Python with generated tests only).`,
    };
  }
  const risk = falsePositiveRisk(agreeing);
  return {
    ...base,
    falsePositiveRisk: risk,
    riskMeasured: true,
    note: `${base.note} The pick's group of identically behaving samples holds ${agreeing}; on the benchmark (Python, generated tests), picks with groups that size were wrong about ${Math.round(risk * 100)}% of the time${agreeing < DEFAULT_STRICT_MIN_AGREEING ? ', so more samples or more tests would help' : ''}.`,
  };
}

/**
 * Share of wrong picks by agreeing-group size, measured with generated tests on HumanEval
 * (CodeGen-16B, N = 100, `npm run bench`): 1 → 44% (7 of 16), 2–5 → 29% (8/28), 6–9 → 12%
 * (2/16), 10+ → 8% (6/71). Groups of 2 and of 3–5 are pooled: apart (24%, 36%) they are too
 * few to rank, and a risk that rose with agreement would mislead.
 */
export function falsePositiveRisk(agreeing: number): number {
  if (agreeing <= 1) return 0.44;
  if (agreeing < 6) return 0.29;
  if (agreeing < 10) return 0.12;
  return 0.08;
}

function testStrength(candidates: Candidate[], probes?: ProbeCounts): VerifierStrength {
  // A tampered report says nothing about the tests.
  const verified = candidates.filter((c) => c.duplicateOf === undefined && c.verification && c.verification.status !== 'cancelled' && c.verification.status !== 'tampered');
  const passing = verified.filter(passesAll);
  const testsCount = Math.max(0, ...verified.map((c) => (c.verification as VerifierResult).total));
  const clusters = new Set(passing.map((c) => agreementGroup(c.verification as VerifierResult, probes).key)).size;
  const base = { testsCount, candidatesPassing: passing.length, candidatesVerified: verified.length, passingClusters: clusters };
  if (verified.length === 0) return { ...base, level: 'weak', note: 'No candidate was verified, so nothing is known about the tests.' };
  const risks: string[] = [];
  if (testsCount <= 2) risks.push(`only ${testsCount} test${testsCount === 1 ? '' : 's'} ran`);
  if (passing.length === verified.length) {
    risks.push(verified.length === 1 ? 'the only verified candidate passed, so nothing showed the tests can fail a wrong answer' : `all ${verified.length} verified candidates passed, so the tests did not tell them apart`);
  }
  if (clusters > 1) risks.push(`passing candidates behave in ${clusters} different ways, so the tests miss a difference between them`);
  if (risks.length) {
    return { ...base, level: 'weak', note: `Weak verifier: ${risks.join('; ')}. A candidate can pass these tests and still be wrong; review it before accepting.` };
  }
  if (testsCount <= 5 || passing.length === 1) {
    return { ...base, level: 'moderate', note: `${testsCount} tests separated passing from failing candidates; more tests would lower the chance of a false positive.` };
  }
  return { ...base, level: 'strong', note: `${testsCount} tests separated passing from failing candidates, and the passing ones agree.` };
}

/** The words a choice adds when the pick has risk signs: they are never applied unseen. */
function riskNote(c: Candidate): string {
  const signs = c.riskSigns ?? [];
  return signs.length ? ` It has risk signs (${riskSummary(signs)}): review them before accepting.` : '';
}

/**
 * The pick, or an abstention with its reason, from a ranking. Only a candidate whose tests
 * ran to a verdict can be picked: never a tampered report, an error or a timeout.
 */
export function choose(
  candidates: Candidate[],
  ranking: number[],
  policy: SolveOptions['abstainPolicy'],
  stoppedBy: SolveResult['stoppedBy'],
  strictMin = DEFAULT_STRICT_MIN_AGREEING,
): Pick<SolveResult, 'choice' | 'abstention'> {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const inOrder = ranking.map((id) => byId.get(id)).filter((c): c is Candidate => c !== undefined);
  const best = inOrder.find(passesAll);
  if (best && policy === 'strict' && (best.score?.agreement ?? best.votes) < strictMin) {
    const agreeing = best.score?.agreement ?? best.votes;
    return {
      choice: null,
      abstention: {
        reason: `#${best.id} passed every test, but only ${agreeing} sample${agreeing === 1 ? '' : 's'} agreed with it and the strict policy asks for ${strictMin}: the tests alone are too weak to trust it. Nothing was picked; review #${best.id} or add tests.`,
        bestPartialId: best.id,
      },
    };
  }
  if (best) {
    const reason = `#${best.id} passed every test and ranks first: ${best.score?.explanation ?? ''}`.trim();
    return { choice: { candidateId: best.id, reason: `${reason}${riskNote(best)}` }, abstention: null };
  }
  const bestPartial = inOrder.find((c) => c.verification?.status === 'failed' && passFraction(c.verification) > 0);
  if (bestPartial && policy === 'best-partial') {
    const v = bestPartial.verification as VerifierResult;
    return {
      choice: { candidateId: bestPartial.id, reason: `No candidate passed every test; #${bestPartial.id} passed the most (${v.passed}/${v.total}) and is picked because the policy allows a partial pick.${riskNote(bestPartial)}` },
      abstention: null,
    };
  }
  const sampled = candidates.length;
  const tampered = inOrder.filter((c) => c.verification?.status === 'tampered').length;
  const why =
    stoppedBy === 'cancelled'
      ? 'The run was cancelled before a candidate passed every test.'
      : ranking.length === 0
        ? `None of the ${sampled} sample${sampled === 1 ? '' : 's'} could be verified (see each candidate's rejection or error).`
        : `None of the ${ranking.length} verified candidate${ranking.length === 1 ? '' : 's'} passed every test${tampered ? ` (${tampered} had a tampered test report)` : ''}.`;
  const partial = bestPartial ? ` The best partial is #${bestPartial.id} (${bestPartial.verification?.passed}/${bestPartial.verification?.total} tests).` : '';
  return { choice: null, abstention: { reason: `${why}${partial} Nothing was picked rather than ship an unverified change.`, bestPartialId: bestPartial?.id } };
}
