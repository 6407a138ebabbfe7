import type { PanelState } from '../../src/protocol';

/** A panel state with no run, for host-side tests. */
export function emptyPanelState(): PanelState {
  return {
    run: null,
    controls: {
      values: { reasoningEffort: 'default', reasoningBudget: 0, fastMode: false, n: 2, earlyStop: 0, temperature: 0.8, waves: 'adaptive', waveSize: 0, repair: false, escalate: true, concurrency: 4, topP: 0.95, maxTokens: 0, maxCostUsd: 0, maxWallSeconds: 300 },
      writesTo: 'user',
      allowedEfforts: [],
      supportsReasoningBudget: false,
      supportsFastMode: false,
      supportsSamplingParams: true,
      limits: { n: { min: 1, max: 100, step: 1 }, earlyStop: { min: 0, max: 100, step: 1 }, temperature: { min: 0, max: 2, step: 0.05 }, reasoningBudget: { min: 0, max: 200000, step: 256 }, waveSize: { min: 0, max: 100, step: 1 }, concurrency: { min: 1, max: 32, step: 1 }, topP: { min: 0, max: 1, step: 0.05 }, maxTokens: { min: 0, max: 100000000, step: 1000 }, maxCostUsd: { min: 0, max: 10000, step: 0.01 }, maxWallSeconds: { min: 0, max: 86400, step: 10 } },
      escalationSteps: [{}],
      providerLabel: 'vLLM',
      model: 'm',
    },
    workspaceTrusted: true,
    apiKeySet: false,
    bubblewrapStatus: { available: true, detail: 'bwrap' },
    memory: [],
  };
}
