import type { ModelClient, ProviderProfile } from '../engine/model/types';
import type { Language, Task, TextRange } from '../engine/task';
import type { ProposedTests, ProposeTestsOptions } from '../engine/tests/proposeTests';
import type { Verifier } from '../engine/verify/types';
import type { VerifierChoice, VerifierChoiceOptions } from '../engine/verify/verifierForTask';
import type { SolveFn } from './runSession';

/** A function found by the engine's own locator (used when no symbol provider answers). */
export interface LocatedTarget {
  name: string;
  /** The whole definition. */
  range: TextRange;
  /** The statements after the signature (and docstring). */
  bodyRange: TextRange;
  spec?: string;
}

/** Whether bubblewrap works on this machine. */
export interface BubblewrapStatus {
  available: boolean;
  path?: string;
  reason?: string;
}

/**
 * Everything the adapter needs from the engine, behind one seam: the extension loads the
 * real engine lazily on first use; unit tests pass doubles.
 */
export interface EnginePort {
  solve: SolveFn;
  createModel(options: { baseURL: string; apiKey: string; model: string; profile: ProviderProfile; logger: (line: string) => void }): ModelClient;
  createVerifier(options: { sandbox: 'auto' | 'bubblewrap' | 'none'; timeoutMs: number; logger: (line: string) => void }): Verifier;
  /** The verifier for a task: the warm Python runner where it can stand in for the tests, else the general one. */
  verifierFor(task: Task, options: VerifierChoiceOptions): Promise<VerifierChoice>;
  detectBubblewrap(): Promise<BubblewrapStatus>;
  profile(id: ProviderProfile['id'], custom: Omit<ProviderProfile, 'id' | 'label'>): ProviderProfile;
  /** Functions in `text`, outermost first, with ranges; empty for languages it cannot read. */
  listFunctions(text: string, language: Language): LocatedTarget[];
  /** "Write tests first": the model's tests for the task, rendered into the project's test file (nothing written). */
  proposeTests(task: Task, options: ProposeTestsOptions, signal: AbortSignal): Promise<ProposedTests>;
}
