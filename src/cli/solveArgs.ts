import { parseArgs } from 'node:util';
import type { ReasoningEffort } from '../engine/model/types';

/** The `solve` command's settings after parsing and checking. */
export interface SolveArgs {
  workspace: string;
  file: string;
  functionName: string;
  testCommand: string;
  target: 'function' | 'body';
  n: number;
  baseURL: string;
  model: string;
  provider: string;
  /** `--pool MODEL:K,MODEL:K`: models of the same server drawing the N samples together, by share. */
  pool?: { model: string; share: number }[];
  reasoningEffort?: ReasoningEffort;
  reasoningBudget?: number;
  fast: boolean;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  concurrency: number;
  verifyConcurrency: number;
  timeoutSeconds: number;
  requestTimeoutSeconds: number;
  sandbox: 'auto' | 'bubblewrap' | 'none';
  maxTokensBudget?: number;
  maxCost?: number;
  promptPrice?: number;
  completionPrice?: number;
  maxSeconds?: number;
  earlyStop: number;
  /**
   * Sample in waves (of this many, or `auto`: the engine's growing schedule), deciding after
   * each whether to stop, go on, escalate or repair.
   */
  waves?: number | 'auto';
  /** With waves: start at the cheapest reasoning setting and climb after a wave with nothing passing. */
  escalate: boolean;
  /** With waves: a failing near miss may be sent back with its failing tests for a revision. */
  repair: boolean;
  /** Answer only when the pick's agreeing group is large enough (high precision, more abstentions). */
  strict: boolean;
  /** Ask the model for tests first and rank by dual agreement on them, as the extension does (`--no-generated-tests` turns it off). */
  generatedTests: boolean;
  /** Cheatsheet memory file: items offered in the prompt, curated after the run. */
  cheatsheet?: string;
  cheatsheetMode: 'cumulative' | 'retrieval';
  /** Prompt tokens the memory's items may take. */
  cheatsheetBudget: number;
  bestPartial: boolean;
  json: boolean;
  apply: boolean;
  /** With `apply`: write the pick even though it has risk signs (they are printed either way). */
  acceptRisk: boolean;
  /** Propose tests for the function (the model's generated tests) and print them as a diff of the test file; nothing is solved or written. */
  writeTests: boolean;
  verbose: boolean;
}

const EFFORTS: ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high'];
/** Same default as the extension's `bestOfN.cheatsheet.tokenBudget`. */
const DEFAULT_CHEATSHEET_BUDGET = 800;

/** Parses `solve` arguments; throws an Error with a message fit for the user. */
export function parseSolveArgs(argv: string[]): SolveArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' },
      file: { type: 'string' },
      function: { type: 'string' },
      'test-cmd': { type: 'string' },
      target: { type: 'string' },
      n: { type: 'string' },
      'base-url': { type: 'string' },
      model: { type: 'string' },
      provider: { type: 'string' },
      pool: { type: 'string' },
      'reasoning-effort': { type: 'string' },
      'reasoning-budget': { type: 'string' },
      fast: { type: 'boolean' },
      temperature: { type: 'string' },
      'top-p': { type: 'string' },
      'max-tokens': { type: 'string' },
      concurrency: { type: 'string' },
      'verify-concurrency': { type: 'string' },
      timeout: { type: 'string' },
      'request-timeout': { type: 'string' },
      sandbox: { type: 'string' },
      'max-tokens-budget': { type: 'string' },
      'max-cost': { type: 'string' },
      'prompt-price': { type: 'string' },
      'completion-price': { type: 'string' },
      'max-seconds': { type: 'string' },
      'early-stop': { type: 'string' },
      waves: { type: 'string' },
      repair: { type: 'boolean' },
      escalate: { type: 'boolean' },
      strict: { type: 'boolean' },
      'no-generated-tests': { type: 'boolean' },
      cheatsheet: { type: 'string' },
      'cheatsheet-mode': { type: 'string' },
      'cheatsheet-budget': { type: 'string' },
      'best-partial': { type: 'boolean' },
      json: { type: 'boolean' },
      apply: { type: 'boolean' },
      'accept-risk': { type: 'boolean' },
      'write-tests': { type: 'boolean' },
      verbose: { type: 'boolean' },
    },
  });
  if (positionals.length) throw new Error(`unexpected argument "${positionals[0]}"`);
  const required = (name: 'workspace' | 'file' | 'function' | 'test-cmd' | 'model'): string => {
    const v = values[name];
    if (!v) throw new Error(`--${name} is required`);
    return v;
  };
  const target = values.target ?? 'function';
  if (target !== 'function' && target !== 'body') throw new Error(`--target must be function or body, got "${target}"`);
  const sandbox = values.sandbox ?? 'auto';
  if (sandbox !== 'auto' && sandbox !== 'bubblewrap' && sandbox !== 'none') throw new Error(`--sandbox must be auto, bubblewrap or none, got "${sandbox}"`);
  const effort = values['reasoning-effort'];
  if (effort !== undefined && !EFFORTS.includes(effort as ReasoningEffort)) throw new Error(`--reasoning-effort must be one of ${EFFORTS.join(', ')}`);
  const baseURL = values['base-url'] ?? 'https://api.openai.com/v1';
  const cheatsheetMode = values['cheatsheet-mode'] ?? 'retrieval';
  if (cheatsheetMode !== 'cumulative' && cheatsheetMode !== 'retrieval') throw new Error(`--cheatsheet-mode must be cumulative or retrieval, got "${cheatsheetMode}"`);
  if (values.cheatsheet === '') throw new Error('--cheatsheet needs a file name');
  if (!values.cheatsheet && (values['cheatsheet-mode'] !== undefined || values['cheatsheet-budget'] !== undefined)) {
    throw new Error('--cheatsheet-mode and --cheatsheet-budget need --cheatsheet FILE');
  }
  if (values.repair && values.waves === undefined) throw new Error('--repair needs --waves SIZE or --waves auto');
  if (values.escalate && values.waves === undefined) throw new Error('--escalate needs --waves SIZE or --waves auto');
  if (values.escalate && values.fast) throw new Error('--escalate and --fast contradict each other (fast mode is a single setting with nothing to climb)');
  if (values.strict && values['best-partial']) throw new Error('--strict and --best-partial contradict each other');
  if (values['accept-risk'] && !values.apply) throw new Error('--accept-risk only matters with --apply');
  return {
    workspace: required('workspace'),
    file: required('file'),
    functionName: required('function'),
    testCommand: required('test-cmd'),
    target,
    n: int(values.n, '--n', 8, 1),
    baseURL,
    model: required('model'),
    provider: values.provider ?? (/api\.openai\.com/.test(baseURL) ? 'openai' : 'custom'),
    ...(values.pool !== undefined ? { pool: poolArg(values.pool) } : {}),
    reasoningEffort: effort as ReasoningEffort | undefined,
    reasoningBudget: optionalInt(values['reasoning-budget'], '--reasoning-budget', 1),
    fast: values.fast ?? false,
    temperature: optionalNumber(values.temperature, '--temperature', 0, 2),
    topP: optionalNumber(values['top-p'], '--top-p', 0, 1),
    maxTokens: optionalInt(values['max-tokens'], '--max-tokens', 1),
    concurrency: int(values.concurrency, '--concurrency', 4, 1),
    verifyConcurrency: int(values['verify-concurrency'], '--verify-concurrency', 2, 1),
    timeoutSeconds: optionalNumber(values.timeout, '--timeout', 0.1, 3600) ?? 60,
    requestTimeoutSeconds: optionalNumber(values['request-timeout'], '--request-timeout', 1, 3600) ?? 300,
    sandbox,
    maxTokensBudget: optionalInt(values['max-tokens-budget'], '--max-tokens-budget', 1),
    maxCost: optionalNumber(values['max-cost'], '--max-cost', 0, 1e6),
    promptPrice: optionalNumber(values['prompt-price'], '--prompt-price', 0, 1e6),
    completionPrice: optionalNumber(values['completion-price'], '--completion-price', 0, 1e6),
    maxSeconds: optionalNumber(values['max-seconds'], '--max-seconds', 0.1, 1e6),
    earlyStop: int(values['early-stop'], '--early-stop', 0, 0),
    waves: wavesArg(values.waves),
    escalate: values.escalate ?? false,
    repair: values.repair ?? false,
    strict: values.strict ?? false,
    generatedTests: !(values['no-generated-tests'] ?? false),
    ...(values.cheatsheet ? { cheatsheet: values.cheatsheet } : {}),
    cheatsheetMode,
    cheatsheetBudget: int(values['cheatsheet-budget'], '--cheatsheet-budget', DEFAULT_CHEATSHEET_BUDGET, 1),
    bestPartial: values['best-partial'] ?? false,
    json: values.json ?? false,
    apply: values.apply ?? false,
    acceptRisk: values['accept-risk'] ?? false,
    writeTests: values['write-tests'] ?? false,
    verbose: values.verbose ?? false,
  };
}

/** `--pool gpt-5-mini:4,o3:4`: model names (which may hold colons) and whole shares of at least 1; two or more. */
function poolArg(text: string): { model: string; share: number }[] {
  const entries = text.split(',').map((part) => {
    const colon = part.lastIndexOf(':');
    const model = part.slice(0, colon).trim();
    const share = Number(part.slice(colon + 1));
    if (colon <= 0 || model === '' || !Number.isInteger(share) || share < 1) throw new Error(`--pool: "${part.trim()}" is not MODEL:K with K a whole number of at least 1`);
    return { model, share };
  });
  if (entries.length < 2) throw new Error('--pool needs two or more models, e.g. --pool gpt-5-mini:4,o3:4');
  return entries;
}

/** `--waves auto` (the engine's growing schedule) or `--waves SIZE`. */
function wavesArg(text: string | undefined): number | 'auto' | undefined {
  if (text === undefined || text === 'auto') return text;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1) throw new Error(`--waves must be auto or a whole number of at least 1, got "${text}"`);
  return size;
}

function optionalNumber(text: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${flag} must be a number from ${min} to ${max}, got "${text}"`);
  return value;
}

function optionalInt(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${flag} must be a whole number of at least ${min}, got "${text}"`);
  return value;
}

function int(text: string | undefined, flag: string, fallback: number, min: number): number {
  return optionalInt(text, flag, min) ?? fallback;
}

/** True when the URL's host is this machine, where a server may run without a key. */
export function isLocalURL(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}
