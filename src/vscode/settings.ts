import type { ProviderProfile, ReasoningControls, ReasoningEffort, ReasoningSource } from '../engine/model/types';
import { generatedTestChoices, type SolveOptions } from '../engine/options';
import { SettingKey } from './settingKeys';
import { readPoolSetting, type PoolEntrySetting } from './poolSettings';
import { wavesOptions } from './wavesOptions';

/** The part of `vscode.WorkspaceConfiguration` settings are read through. */
export interface ConfigurationReader {
  get<T>(section: string): T | undefined;
}

export type ProviderId = ProviderProfile['id'];
export type SandboxMode = 'auto' | 'bubblewrap' | 'none';
export type WavesMode = 'adaptive' | 'all';

export const PROVIDER_IDS: readonly ProviderId[] = ['openai', 'azure', 'openrouter', 'vllm', 'ollama', 'lmstudio', 'deepseek', 'anthropic', 'gemini', 'replay', 'vscode-lm', 'custom'];
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high'];
const REASONING_SOURCES: readonly ReasoningSource[] = ['reasoning', 'reasoning_content', 'reasoning_details', 'think-tags', 'thought-tags'];
const SANDBOX_MODES: readonly SandboxMode[] = ['auto', 'bubblewrap', 'none'];
export const WAVES_MODES: readonly WavesMode[] = ['adaptive', 'all'];
const MiB = 1024 * 1024;
/** Largest fixed wave: N's own maximum. */
export const MAX_WAVE_SIZE = 100;

/** All settings, typed and range-checked. */
export interface BestOfNSettings {
  provider: {
    baseUrl: string;
    model: string;
    profile: ProviderId;
    requestTimeoutMs: number;
    /** Capability overrides, used only by the `custom` profile. */
    custom: Omit<ProviderProfile, 'id' | 'label'>;
  };
  sampling: {
    n: number;
    concurrency: number;
    temperature: number;
    topP: number;
    maxTokens: number;
    /** `adaptive`: growing waves with the agreement stop rule; `all`: N at once. */
    waves: WavesMode;
    /** Fixed wave size; 0 = the engine's growing schedule. */
    waveSize: number;
    /** Revise the best near miss after a wave with nothing passing (adaptive waves only). */
    repair: boolean;
  };
  reasoning: {
    effort: ReasoningEffort | 'default';
    budgetTokens: number;
    fastMode: boolean;
    /** Start at the cheapest reasoning setting and climb after failed waves (adaptive waves only). */
    escalate: boolean;
  };
  budgets: {
    maxTokens: number;
    maxCostUsd: number;
    promptPer1K: number;
    completionPer1K: number;
    maxWallMs: number;
    promptTokens: number;
    promptIncludeTests: boolean;
  };
  verify: {
    testCommand: string;
    timeoutMs: number;
    concurrency: number;
    sandbox: SandboxMode;
    /** Per-candidate limits, in bytes and processes; passed to the engine as plain numbers. */
    limits: { memoryBytes: number; processes: number; tmpBytes: number; diskBytes: number };
    /** Secret-shaped files (e.g. `.env.test`) the tests need in the copy. */
    includeFiles: string[];
  };
  earlyStopAgreeing: number;
  abstainPolicy: 'abstain' | 'best-partial' | 'strict';
  /** Ask the model for test cases and rank by dual agreement on them (Python targets). */
  generatedTests: boolean;
  cheatsheet: { enabled: boolean; mode: 'retrieval' | 'cumulative'; tokenBudget: number; scope: 'workspace' | 'global' };
  /** `bestOfN.pool`: models drawing the N samples together, by share; empty: the provider's one model. */
  pool: PoolEntrySetting[];
}

/** Settings plus what was wrong with the raw values (each replaced by its default). */
export interface SettingsRead {
  settings: BestOfNSettings;
  problems: string[];
}

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly config: ConfigurationReader) {}

  number(key: SettingKey, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER, integer = false): number {
    const raw = this.config.get<unknown>(key);
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < min || raw > max || (integer && !Number.isInteger(raw))) {
      this.problems.push(`bestOfN.${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}; got ${JSON.stringify(raw)}, using ${fallback}.`);
      return fallback;
    }
    return raw;
  }

  integer(key: SettingKey, fallback: number, min: number, max?: number): number {
    return this.number(key, fallback, min, max, true);
  }

  boolean(key: SettingKey, fallback: boolean): boolean {
    const raw = this.config.get<unknown>(key);
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== 'boolean') {
      this.problems.push(`bestOfN.${key} must be true or false; got ${JSON.stringify(raw)}, using ${fallback}.`);
      return fallback;
    }
    return raw;
  }

  /** `n` support of a custom server: `detect` (the first answer tells), or a yes/no the user knows; `true`/`false` from older settings still count. */
  nSupport(key: SettingKey): boolean | 'detect' {
    const raw = this.config.get<unknown>(key);
    if (typeof raw === 'boolean') return raw;
    const choice = this.choice(key, ['detect', 'yes', 'no'] as const, 'detect');
    return choice === 'detect' ? 'detect' : choice === 'yes';
  }

  string(key: SettingKey, fallback: string): string {
    const raw = this.config.get<unknown>(key);
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== 'string') {
      this.problems.push(`bestOfN.${key} must be a string; got ${JSON.stringify(raw)}, using ${JSON.stringify(fallback)}.`);
      return fallback;
    }
    return raw.trim();
  }

  choice<T extends string>(key: SettingKey, allowed: readonly T[], fallback: T): T {
    const raw = this.config.get<unknown>(key);
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`bestOfN.${key} must be one of ${allowed.join(', ')}; got ${JSON.stringify(raw)}, using ${fallback}.`);
      return fallback;
    }
    return raw as T;
  }

  /** A list of free strings (paths, names); blanks are dropped. */
  strings(key: SettingKey): string[] {
    const raw = this.config.get<unknown>(key);
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw) || !raw.every((v): v is string => typeof v === 'string')) {
      this.problems.push(`bestOfN.${key} must be a list of strings; got ${JSON.stringify(raw)}, using none.`);
      return [];
    }
    return [...new Set(raw.map((v) => v.trim()).filter(Boolean))];
  }

  list<T extends string>(key: SettingKey, allowed: readonly T[], fallback: T[]): T[] {
    const raw = this.config.get<unknown>(key);
    if (raw === undefined || raw === null) return fallback;
    if (!Array.isArray(raw) || !raw.every((v): v is T => typeof v === 'string' && (allowed as readonly string[]).includes(v))) {
      this.problems.push(`bestOfN.${key} must be a list of ${allowed.join(', ')}; got ${JSON.stringify(raw)}, using the default.`);
      return fallback;
    }
    return [...new Set(raw)];
  }
}

/** Reads every setting, falling back to the package.json default for missing or invalid values. */
export function readSettings(config: ConfigurationReader): SettingsRead {
  const r = new Reader(config);
  let baseUrl = r.string(SettingKey.baseUrl, 'https://api.openai.com/v1');
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    r.problems.push(`bestOfN.provider.baseUrl must be an http(s) URL; got ${JSON.stringify(baseUrl)}, using https://api.openai.com/v1.`);
    baseUrl = 'https://api.openai.com/v1';
  }
  const settings: Omit<BestOfNSettings, 'pool'> = {
    provider: {
      baseUrl,
      model: r.string(SettingKey.model, 'gpt-4o-mini') || 'gpt-4o-mini',
      profile: r.choice(SettingKey.profile, PROVIDER_IDS, 'openai'),
      requestTimeoutMs: r.number(SettingKey.requestTimeoutSeconds, 120, 1, 3600) * 1000,
      custom: {
        supportsN: r.nSupport(SettingKey.customSupportsN),
        reasoningEfforts: r.list(SettingKey.customReasoningEfforts, REASONING_EFFORTS, []),
        usesMaxCompletionTokens: r.boolean(SettingKey.customUsesMaxCompletionTokens, false),
        supportsEnableThinking: r.boolean(SettingKey.customSupportsEnableThinking, false),
        supportsThinkingBudget: r.boolean(SettingKey.customSupportsThinkingBudget, false),
        supportsSamplingParams: r.boolean(SettingKey.customSupportsSamplingParams, true),
        supportsStreaming: r.boolean(SettingKey.customSupportsStreaming, true),
        reasoningSources: r.list(SettingKey.customReasoningSources, REASONING_SOURCES, ['reasoning_content', 'reasoning', 'think-tags']),
      },
    },
    sampling: {
      n: r.integer(SettingKey.count, 8, 1, 100),
      concurrency: r.integer(SettingKey.concurrency, 4, 1, 32),
      temperature: r.number(SettingKey.temperature, 0.8, 0, 2),
      topP: r.number(SettingKey.topP, 0.95, 0, 1),
      maxTokens: r.integer(SettingKey.maxTokens, 2048, 16, 200000),
      waves: r.choice(SettingKey.waves, WAVES_MODES, 'adaptive'),
      waveSize: r.integer(SettingKey.waveSize, 0, 0, MAX_WAVE_SIZE),
      repair: r.boolean(SettingKey.repair, false),
    },
    reasoning: {
      effort: r.choice(SettingKey.effort, ['default', ...REASONING_EFFORTS], 'default'),
      budgetTokens: r.integer(SettingKey.budgetTokens, 0, 0, 200000),
      fastMode: r.boolean(SettingKey.fastMode, false),
      escalate: r.boolean(SettingKey.escalate, false),
    },
    budgets: {
      maxTokens: r.integer(SettingKey.budgetMaxTokens, 0, 0),
      maxCostUsd: r.number(SettingKey.budgetMaxCostUsd, 0, 0),
      promptPer1K: r.number(SettingKey.promptPricePer1K, 0, 0),
      completionPer1K: r.number(SettingKey.completionPricePer1K, 0, 0),
      maxWallMs: r.integer(SettingKey.maxWallSeconds, 300, 0) * 1000,
      promptTokens: r.integer(SettingKey.promptTokens, 6000, 256),
      promptIncludeTests: r.boolean(SettingKey.promptIncludeTests, true),
    },
    verify: {
      testCommand: r.string(SettingKey.testCommand, ''),
      timeoutMs: r.integer(SettingKey.verifyTimeoutSeconds, 60, 1, 3600) * 1000,
      concurrency: r.integer(SettingKey.verifyConcurrency, 2, 1, 16),
      sandbox: r.choice(SettingKey.sandbox, SANDBOX_MODES, 'auto'),
      limits: {
        memoryBytes: r.integer(SettingKey.verifyMemoryLimitMb, 2048, 256, 65536) * MiB,
        processes: r.integer(SettingKey.verifyProcessLimit, 256, 16, 4096),
        tmpBytes: r.integer(SettingKey.verifyTmpLimitMb, 512, 16, 16384) * MiB,
        diskBytes: r.integer(SettingKey.verifyDiskLimitMb, 1024, 64, 65536) * MiB,
      },
      includeFiles: r.strings(SettingKey.verifyIncludeFiles),
    },
    earlyStopAgreeing: r.integer(SettingKey.earlyStopAgreeing, 2, 0, 100),
    abstainPolicy: r.choice(SettingKey.abstainPolicy, ['abstain', 'best-partial', 'strict'] as const, 'abstain'),
    generatedTests: r.boolean(SettingKey.generatedTests, true),
    cheatsheet: {
      enabled: r.boolean(SettingKey.cheatsheetEnabled, true),
      mode: r.choice(SettingKey.cheatsheetMode, ['retrieval', 'cumulative'] as const, 'retrieval'),
      tokenBudget: r.integer(SettingKey.cheatsheetTokenBudget, 800, 0, 8000),
      scope: r.choice(SettingKey.cheatsheetScope, ['workspace', 'global'] as const, 'workspace'),
    },
  };
  const pool = readPoolSetting(config.get<unknown>(SettingKey.pool), PROVIDER_IDS, REASONING_EFFORTS);
  return { settings: { ...settings, pool: pool.entries }, problems: [...r.problems, ...pool.problems] };
}

/** The part of {@link SolveOptions} that comes from settings alone (no model, verifier or memory). */
export type SettingsOptions = Omit<SolveOptions, 'model' | 'verifier' | 'cheatsheet'>;

/** The reasoning controls the settings ask for: the run's one setting, and the escalation ceiling. */
export function reasoningControls(reasoning: BestOfNSettings['reasoning']): ReasoningControls {
  return {
    ...(reasoning.effort === 'default' ? {} : { effort: reasoning.effort }),
    ...(reasoning.budgetTokens > 0 ? { budgetTokens: reasoning.budgetTokens } : {}),
    ...(reasoning.fastMode ? { fastMode: true } : {}),
  };
}

/**
 * Maps settings to engine options; `0` ("no limit") settings become absent budgets. The
 * provider profile decides the escalation ladder (what reasoning settings the server takes).
 */
export function toSolveOptions(settings: BestOfNSettings, profile: ProviderProfile): SettingsOptions {
  const { sampling, budgets } = settings;
  const reasoning = reasoningControls(settings.reasoning);
  const hasPrices = budgets.promptPer1K > 0 || budgets.completionPer1K > 0;
  return {
    sampling: {
      n: sampling.n,
      concurrency: Math.min(sampling.concurrency, sampling.n),
      temperature: sampling.temperature,
      topP: sampling.topP,
      maxTokens: sampling.maxTokens,
      requestTimeoutMs: settings.provider.requestTimeoutMs,
    },
    reasoning,
    ...wavesOptions(settings, reasoning, profile),
    budgets: {
      ...(budgets.maxTokens > 0 ? { maxTokens: budgets.maxTokens } : {}),
      ...(budgets.maxCostUsd > 0 ? { maxCostUsd: budgets.maxCostUsd } : {}),
      ...(hasPrices ? { prices: { promptPer1K: budgets.promptPer1K, completionPer1K: budgets.completionPer1K } } : {}),
      ...(budgets.maxWallMs > 0 ? { maxWallMs: budgets.maxWallMs } : {}),
    },
    earlyStopAgreeing: settings.earlyStopAgreeing,
    abstainPolicy: settings.abstainPolicy,
    // As many choices of test cases as samples, at least ten (each holds several asserts); parsed with the python on PATH.
    ...(settings.generatedTests ? { generatedTests: { count: generatedTestChoices(sampling.n), cap: 50, python: 'python3' } } : {}),
    verifyConcurrency: settings.verify.concurrency,
    promptTokenBudget: budgets.promptTokens,
    promptIncludeTests: budgets.promptIncludeTests,
    // The memory itself is attached by the adapter; without it the budget is moot.
    cheatsheetTokenBudget: settings.cheatsheet.enabled ? settings.cheatsheet.tokenBudget : 0,
  };
}
