/** Every `bestOfN.*` setting key, relative to the `bestOfN` section, as in package.json. */
export const SettingKey = {
  baseUrl: 'provider.baseUrl',
  model: 'provider.model',
  profile: 'provider.profile',
  requestTimeoutSeconds: 'provider.requestTimeoutSeconds',
  customSupportsN: 'provider.custom.supportsN',
  customReasoningEfforts: 'provider.custom.reasoningEfforts',
  customUsesMaxCompletionTokens: 'provider.custom.usesMaxCompletionTokens',
  customSupportsEnableThinking: 'provider.custom.supportsEnableThinking',
  customSupportsThinkingBudget: 'provider.custom.supportsThinkingBudget',
  customSupportsSamplingParams: 'provider.custom.supportsSamplingParams',
  customSupportsStreaming: 'provider.custom.supportsStreaming',
  customReasoningSources: 'provider.custom.reasoningSources',
  count: 'sampling.count',
  concurrency: 'sampling.concurrency',
  temperature: 'sampling.temperature',
  topP: 'sampling.topP',
  maxTokens: 'sampling.maxTokens',
  effort: 'reasoning.effort',
  budgetTokens: 'reasoning.budgetTokens',
  fastMode: 'reasoning.fastMode',
  budgetMaxTokens: 'budget.maxTokens',
  budgetMaxCostUsd: 'budget.maxCostUsd',
  promptPricePer1K: 'budget.promptPricePer1K',
  completionPricePer1K: 'budget.completionPricePer1K',
  maxWallSeconds: 'budget.maxWallSeconds',
  promptTokens: 'budget.promptTokens',
  testCommand: 'verify.testCommand',
  verifyTimeoutSeconds: 'verify.timeoutSeconds',
  verifyConcurrency: 'verify.concurrency',
  sandbox: 'verify.sandbox',
  earlyStopAgreeing: 'earlyStop.agreeing',
  abstainPolicy: 'abstain.policy',
  cheatsheetEnabled: 'cheatsheet.enabled',
  cheatsheetMode: 'cheatsheet.mode',
  cheatsheetTokenBudget: 'cheatsheet.tokenBudget',
  cheatsheetScope: 'cheatsheet.scope',
} as const;

export type SettingKey = (typeof SettingKey)[keyof typeof SettingKey];

/** The configuration section every key above lives under. */
export const SETTINGS_SECTION = 'bestOfN';
