/**
 * The workspaces whose generated-test probes were switched off, and why. A workspace that
 * cannot be probed (its modules cannot be copied or imported, the worker cannot start) stays
 * off for the prober's life, so the reason is logged once rather than once per candidate.
 */
export class ProbesOff {
  private readonly reasons = new Map<string, string>();

  constructor(private readonly logger?: (line: string) => void) {}

  /** Why probes are off for `root`, or undefined while they are on. */
  reasonFor(root: string): string | undefined {
    return this.reasons.get(root);
  }

  /** Switches probes off for `root`, logging the first reason; returns `reason`. */
  switchOff(root: string, reason: string): string {
    if (!this.reasons.has(root)) this.logger?.(`generated-test probes are off for this workspace: ${reason}`);
    this.reasons.set(root, reason);
    return reason;
  }
}
