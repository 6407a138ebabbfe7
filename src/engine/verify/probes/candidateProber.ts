import { ProbesOff } from './probesOff';
import { projectPython } from '../sandbox/python';
import type { SandboxLimits } from '../sandbox/limits';
import type { SandboxKind, VerifyJob } from '../types';
import { WarmVerifier } from '../warm/warmVerifier';
import { DEFAULT_SNAPSHOT_LIMITS, type ModuleSnapshot, probeTarget, readModuleSnapshot, type SnapshotLimits } from './moduleSnapshot';

export interface CandidateProberOptions {
  /** The run's sandbox setting; probes get the same isolation as the warm runner's tests. */
  sandbox: 'auto' | 'bubblewrap' | 'none';
  /** Wall-clock limit of one candidate's probes; CPU time per probe is capped separately. */
  timeoutMs: number;
  /** Probe workers at once (default 1); each is started on first use. */
  workers?: number;
  /** Interpreter; default: the workspace's own `.venv`/`venv` when it has one, else `python3`. */
  python?: string;
  limits?: SnapshotLimits;
  /** The sandbox's per-candidate limits (memory, /tmp size), as for the warm runner. */
  sandboxLimits?: Partial<SandboxLimits>;
  /** Whether this process counts as root for `auto`; for tests. */
  runningAsRoot?: boolean;
  logger?: (line: string) => void;
}

/**
 * One candidate's probe answers, or why there are none. `behaviour` may be a marker:
 * `!probes-timeout` (cut off at the limit), `!probes-failed` (its process died while probing).
 */
export type ProbeOutcome =
  | { ok: true; behaviour: string; sandbox: SandboxKind; sandboxNote?: string; durationMs: number }
  | { ok: false; reason: string; durationMs: number };

/**
 * Evaluates generated-test probes for candidates whose tests ran elsewhere (the general
 * verifier): a probe-only job in the warm runner's sandboxed, forked, rlimited and
 * seccomp-filtered worker, importing the candidate's module from a copy of the project's
 * Python files sent over the pipe — never from the user's files. Setup problems (workspace too
 * big, no interpreter, sandbox required but unavailable) switch probing off for the workspace.
 */
export class CandidateProber {
  private readonly runners = new Map<string, WarmVerifier>();
  private readonly snapshots = new Map<string, Promise<ModuleSnapshot>>();
  private readonly off: ProbesOff;
  private disposed = false;

  constructor(private readonly options: CandidateProberOptions) {
    this.off = new ProbesOff(options.logger);
  }

  /** Runs `job.probes` against `job.fileText`; never throws. */
  async probe(job: VerifyJob, signal: AbortSignal): Promise<ProbeOutcome> {
    const started = Date.now();
    const fail = (reason: string): ProbeOutcome => ({ ok: false, reason, durationMs: Date.now() - started });
    const probes = job.probes ?? [];
    const root = job.task.workspaceRoot;
    if (this.disposed) return fail('the verifier was disposed');
    if (probes.length === 0 || job.task.language !== 'python') return fail('nothing to probe');
    const off = this.off.reasonFor(root);
    if (off) return fail(off);
    let snapshot: ModuleSnapshot;
    try {
      snapshot = await this.snapshotOf(root);
    } catch (error) {
      return fail(this.off.switchOff(root, `cannot copy the project's modules: ${(error as Error).message}`));
    }
    const target = probeTarget(job.task.filePath, (rel) => rel in snapshot.files || rel === job.task.filePath);
    if (!target) return fail(this.off.switchOff(root, `${job.task.filePath} cannot be imported as a Python module`));
    const python = this.options.python ?? (await projectPython(root));
    const runner = this.runnerFor(python);
    const reply = await runner.runFiles(
      {
        files: { ...snapshot.files, [job.task.filePath.replace(/\\/g, '/')]: job.fileText },
        testFiles: [],
        probes,
        probeModule: target.module,
        probeOnly: true,
        pythonPath: target.pythonPath,
      },
      signal,
    );
    const answered = (behaviour: string): ProbeOutcome => ({
      ok: true,
      behaviour,
      sandbox: reply.sandbox,
      ...(reply.sandboxNote !== undefined ? { sandboxNote: reply.sandboxNote } : {}),
      durationMs: Date.now() - started,
    });
    if (reply.status === 'cancelled') return fail('cancelled');
    // No worker ever started: a setup problem, the same for every candidate.
    if (reply.status === 'error' && runner.sandbox === undefined) return fail(this.off.switchOff(root, reply.reason ?? 'the probe worker could not start'));
    if (reply.status === 'timeout') return answered('!probes-timeout');
    if (reply.status === 'error' || reply.behaviour === undefined) {
      this.options.logger?.(`probe candidate ${job.candidateId}: its probe process failed (${reply.reason ?? 'no answers'})`);
      return answered('!probes-failed');
    }
    // It passed the user's tests, so its imports work where they run: a missing module here is
    // this copy's environment (a dependency or path setup it lacks), not the candidate's behaviour.
    if (reply.behaviour.startsWith('import-error:')) return fail(`the module did not import for probing (${reply.behaviour.slice('import-error:'.length)})`);
    if (reply.behaviour.split('|').includes('!ModuleNotFoundError')) return fail('a module the candidate imports when called did not import for probing (ModuleNotFoundError)');
    return answered(reply.behaviour);
  }

  private snapshotOf(root: string): Promise<ModuleSnapshot> {
    let snapshot = this.snapshots.get(root);
    if (!snapshot) {
      snapshot = readModuleSnapshot(root, this.options.limits ?? DEFAULT_SNAPSHOT_LIMITS);
      this.snapshots.set(root, snapshot);
    }
    return snapshot;
  }

  private runnerFor(python: string): WarmVerifier {
    let runner = this.runners.get(python);
    if (!runner) {
      runner = new WarmVerifier({
        sandbox: this.options.sandbox,
        timeoutMs: this.options.timeoutMs,
        workers: this.options.workers ?? 1,
        python,
        ...(this.options.sandboxLimits ? { limits: this.options.sandboxLimits } : {}),
        ...(this.options.runningAsRoot !== undefined ? { runningAsRoot: this.options.runningAsRoot } : {}),
        ...(this.options.logger ? { logger: this.options.logger } : {}),
      });
      this.runners.set(python, runner);
    }
    return runner;
  }


  /** Stops every probe worker (and the candidates they run). Idempotent. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const runners = [...this.runners.values()];
    this.runners.clear();
    await Promise.all(runners.map((r) => r.dispose()));
  }
}
