import type { Candidate } from '../events';
import type { Language } from '../task';
import type { RiskSign } from '../verify/types';
import { scanJavaScript } from './javascriptRisk';
import { scanPython } from './pythonRisk';
import type { RiskFinding } from './tokenPatterns';

/** What a scan compares a candidate with: the target's text before the run, its language, and the whole file (for imports). */
export interface RiskContext {
  /** The target range's text when the run started. */
  originalTarget: string;
  language: Language;
  /** The file's text when the run started; lends its imports (`from os import environ`). */
  fileText?: string;
}

/**
 * One scan per language, over the tokens its parser gives. Go, Rust and Java have none yet:
 * their candidates get only what the sandbox observed.
 */
const SCANNERS: Partial<Record<Language, (code: string, fileText: string) => RiskFinding[]>> = {
  python: scanPython,
  javascript: (code) => scanJavaScript(code, 'javascript'),
  typescript: (code) => scanJavaScript(code, 'typescript'),
};

const key = (f: Pick<RiskFinding, 'kind' | 'what'>): string => `${f.kind}\u0000${f.what}`;

/**
 * Risk signs a candidate's code adds to the target: constructs found in `code` that the
 * original target did not already have (a function that wrote a file before the run is not
 * flagged for still doing it). One sign per construct, at its first line.
 */
export function staticRiskSigns(code: string, context: RiskContext): RiskSign[] {
  const scan = SCANNERS[context.language];
  if (!scan) return [];
  // Ranking runs after every verification over the same codes: scan each code once per context.
  const byCode = contextCache(context);
  const hit = byCode.get(code);
  if (hit) return hit.map((s) => ({ ...s }));
  const signs = scanNew(scan, code, context);
  if (byCode.size >= CACHE_LIMIT) byCode.delete(byCode.keys().next().value as string);
  byCode.set(code, signs);
  return signs.map((s) => ({ ...s }));
}

const CACHE_LIMIT = 1000;
/** Per file text, per original target and language: code → signs. Strings are reused by the caller, so their hashes are too. */
const cache = new Map<string, Map<string, Map<string, RiskSign[]>>>();

function contextCache(context: RiskContext): Map<string, RiskSign[]> {
  const file = context.fileText ?? '';
  let byTarget = cache.get(file);
  if (!byTarget) {
    if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
    byTarget = new Map();
    cache.set(file, byTarget);
  }
  const targetKey = `${context.language}\u0000${context.originalTarget}`;
  let byCode = byTarget.get(targetKey);
  if (!byCode) {
    byCode = new Map();
    byTarget.set(targetKey, byCode);
  }
  return byCode;
}

function scanNew(scan: (code: string, fileText: string) => RiskFinding[], code: string, context: RiskContext): RiskSign[] {
  const before = new Set(scan(context.originalTarget, context.fileText ?? '').map(key));
  const seen = new Set<string>();
  const signs: RiskSign[] = [];
  for (const f of scan(code, context.fileText ?? '')) {
    const k = key(f);
    if (before.has(k) || seen.has(k)) continue;
    seen.add(k);
    signs.push({ source: 'static', kind: f.kind, detail: `${f.what} at line ${f.line} of the candidate` });
  }
  return signs;
}

/**
 * A candidate's risk signs: the static scan of its code (when a context is given) and what
 * the sandbox observed while its tests ran. Without a context, signs set earlier are kept.
 */
export function riskSignsOf(candidate: Pick<Candidate, 'code' | 'verification' | 'riskSigns'>, context?: RiskContext): RiskSign[] {
  const observed = candidate.verification?.observed ?? [];
  const staticSigns = context && candidate.code !== undefined ? staticRiskSigns(candidate.code, context) : (candidate.riskSigns ?? []).filter((s) => s.source === 'static');
  const out: RiskSign[] = [];
  const seen = new Set<string>();
  for (const s of [...staticSigns, ...observed]) {
    const k = `${s.source}\u0000${s.kind}\u0000${s.detail}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ ...s });
  }
  return out;
}

const LABELS: Record<RiskSign['kind'], string> = {
  'file-write': 'file write',
  network: 'network',
  subprocess: 'subprocess',
  environment: 'env',
  'dynamic-code': 'eval',
  'dynamic-import': 'dynamic import',
  'write-outside': 'wrote outside copy',
  'limit-killed': 'killed at limit',
};

/** A sign's kind in a word or two, the same in the CLI table, the panel badge and the Accept prompt. */
export function riskLabel(kind: RiskSign['kind']): string {
  return LABELS[kind];
}

/** A few words per kind for a badge or a table cell: `subprocess, env`. */
export function riskSummary(signs: readonly Pick<RiskSign, 'kind'>[]): string {
  return [...new Set(signs.map((s) => LABELS[s.kind]))].join(', ');
}
