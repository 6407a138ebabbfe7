/**
 * Per-candidate resource limits. The defaults are what a laptop survives with two
 * verifications at once: 2 × 2 GiB of memory, a few hundred processes, a capped /tmp.
 */
export interface SandboxLimits {
  /** Resident memory of the whole run (every process it started, anonymous pages). */
  memoryBytes: number;
  /** Processes of the run alive at once. */
  processes: number;
  /** Size of the private `/tmp` (a tmpfs, so it is memory too). */
  tmpBytes: number;
  /** Bytes the run may add to its workspace copy (and report/home dirs) on disk. */
  diskBytes: number;
  /** Largest single file the run may write (RLIMIT_FSIZE). */
  fileBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  memoryBytes: 2048 * MiB,
  processes: 256,
  tmpBytes: 512 * MiB,
  diskBytes: 1024 * MiB,
  fileBytes: 512 * MiB,
});

/** Fills in defaults and rejects nonsense (zero, negative, NaN) with a RangeError naming the field. */
export function resolveLimits(partial: Partial<SandboxLimits> | undefined): SandboxLimits {
  const limits = { ...DEFAULT_LIMITS, ...definedOnly(partial ?? {}) };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`sandbox limit ${name} must be a positive number, got ${value}`);
  }
  return limits;
}

function definedOnly(partial: Partial<SandboxLimits>): Partial<SandboxLimits> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<SandboxLimits>;
}

/** `2 GiB`, `512 MiB`: how limits read in reasons and notes. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * MiB && bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)} GiB`;
  if (bytes >= 1024 * MiB) return `${(bytes / (1024 * MiB)).toFixed(1)} GiB`;
  return `${Math.round(bytes / MiB)} MiB`;
}
