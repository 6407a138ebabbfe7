/**
 * Optional arguments of `bestOfN.solve`, for keybindings, other extensions and tests: each
 * one given skips the matching prompt. Validated, since any extension may pass anything.
 */
export interface SolveArgs {
  /** The document to solve in (a file URI string or `vscode.Uri`); default the active editor. */
  uri?: string | { toString(): string };
  /** Solve this function instead of the selection/cursor target. */
  functionName?: string;
  /** Use this test command instead of the setting / detection. */
  testCommand?: string;
}

/** Validates command arguments; throws a clear error on anything but a {@link SolveArgs}. */
export function parseSolveArgs(value: unknown): SolveArgs {
  if (value === undefined || value === null) return {};
  // The editor context menu passes the document URI as the first argument.
  if (typeof value === 'object' && 'scheme' in value && 'path' in value) return { uri: value as { toString(): string } };
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('bestOfN.solve takes an object { uri?, functionName?, testCommand? }.');
  const v = value as Record<string, unknown>;
  const out: SolveArgs = {};
  if (v.uri !== undefined) {
    if (typeof v.uri !== 'string' && (typeof v.uri !== 'object' || v.uri === null)) throw new Error('bestOfN.solve: uri must be a string or a Uri.');
    out.uri = v.uri as SolveArgs['uri'] & object;
  }
  if (v.functionName !== undefined) {
    if (typeof v.functionName !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(v.functionName)) throw new Error('bestOfN.solve: functionName must be an identifier.');
    out.functionName = v.functionName;
  }
  if (v.testCommand !== undefined) {
    if (typeof v.testCommand !== 'string' || v.testCommand.trim() === '') throw new Error('bestOfN.solve: testCommand must be a non-empty string.');
    out.testCommand = v.testCommand;
  }
  return out;
}

/** Arguments of `bestOfN.accept` / `bestOfN.openDiff`. */
export interface CandidateArgs {
  candidateId?: number;
  /** Accept only: apply to the changed document at the relocated target without asking. */
  applyToNewText?: boolean;
}

export function parseCandidateArgs(value: unknown): CandidateArgs {
  if (value === undefined || value === null) return {};
  if (typeof value === 'number') return { candidateId: value };
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('Expected { candidateId?, applyToNewText? }.');
  const v = value as Record<string, unknown>;
  const out: CandidateArgs = {};
  if (v.candidateId !== undefined) {
    if (!Number.isSafeInteger(v.candidateId) || (v.candidateId as number) < 1) throw new Error('candidateId must be a positive integer.');
    out.candidateId = v.candidateId as number;
  }
  if (v.applyToNewText !== undefined) {
    if (typeof v.applyToNewText !== 'boolean') throw new Error('applyToNewText must be true or false.');
    out.applyToNewText = v.applyToNewText;
  }
  return out;
}
