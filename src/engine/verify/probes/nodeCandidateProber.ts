import { ProbesOff } from './probesOff';
import { mkdtempSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StripError, stripTypes } from '../../language/typescript/probeStrip';
import { detectBubblewrap, noSandboxNote, rootRefusal, runningAsRoot } from '../bubblewrap';
import { trackSandboxDir, untrackSandboxDir } from '../liveSandboxDirs';
import { resolveLimits, type SandboxLimits } from '../sandbox/limits';
import type { SandboxKind, VerifyJob } from '../types';
import { WarmWorker, WorkerLostError, type WarmReply } from '../warm/warmWorker';
import type { CandidateProberOptions, ProbeOutcome } from './candidateProber';
import { DEFAULT_SNAPSHOT_LIMITS, readModuleSnapshot, SCRIPT_MODULES, type ModuleSnapshot } from './moduleSnapshot';
import { findNode, sandboxedNodeWorker, unsandboxedNodeWorker } from './nodeProbeLaunch';

/** One job of probe_worker.cjs. */
interface NodeProbeJob {
  files: Record<string, string>;
  /** The candidate's file, relative to the job folder. */
  module: string;
  /** The target's exported name; probes call it by this name. */
  name: string;
  probes: readonly string[];
  /** Files are stripped TypeScript: the child loads `.ts` as ES modules. */
  typescript: boolean;
  timeoutMs: number;
  /** Per probe call (interrupts a synchronous endless loop too). */
  probeTimeoutMs: number;
  /** Probing stops after the child has used this much CPU time. */
  budgetMs: number;
}

const TS_FILE = /\.[cm]?tsx?$/;

interface RunningWorker {
  worker: WarmWorker<NodeProbeJob>;
  sandbox: SandboxKind;
  note?: string;
}

/**
 * The JavaScript/TypeScript counterpart of {@link CandidateProber}: evaluates generated-test
 * probes for candidates whose tests ran elsewhere, in a warm Node worker (probe_worker.cjs)
 * started through the one sandbox launcher, each candidate in a fresh limited child process
 * that imports its module (ES module or CommonJS; TypeScript after {@link stripTypes}) from a
 * copy of the project's sources sent over the pipe, never from the user's files. Setup problems
 * (no node, workspace too big, sandbox required but unavailable) switch probing off for the
 * workspace. One worker per workspace, one candidate at a time.
 */
export class NodeCandidateProber {
  private readonly workers = new Map<string, Promise<RunningWorker>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly snapshots = new Map<string, Promise<ModuleSnapshot>>();
  private readonly off: ProbesOff;
  private readonly limits: SandboxLimits;
  /** Every folder a worker was given, removed on dispose (a restarted worker gets a new one). */
  private readonly dirs = new Set<string>();
  private disposed = false;

  constructor(private readonly options: CandidateProberOptions) {
    this.limits = resolveLimits(options.sandboxLimits);
    this.off = new ProbesOff(options.logger);
  }

  /** Runs `job.probes` against `job.fileText`; never throws. */
  async probe(job: VerifyJob, signal: AbortSignal): Promise<ProbeOutcome> {
    const started = Date.now();
    const fail = (reason: string): ProbeOutcome => ({ ok: false, reason, durationMs: Date.now() - started });
    const root = job.task.workspaceRoot;
    const name = job.task.functionName;
    if (this.disposed) return fail('the verifier was disposed');
    if (!job.probes?.length || !name || (job.task.language !== 'javascript' && job.task.language !== 'typescript')) return fail('nothing to probe');
    const off = this.off.reasonFor(root);
    if (off) return fail(off);
    let files: Record<string, string>;
    try {
      files = await this.filesOf(root);
    } catch (error) {
      return fail(this.off.switchOff(root, `cannot copy the project's sources: ${(error as Error).message}`));
    }
    const target = job.task.filePath.replace(/\\/g, '/');
    const typescript = TS_FILE.test(target);
    let candidate = job.fileText;
    if (typescript) {
      try {
        candidate = await stripTypes(job.fileText, target.endsWith('x'));
      } catch (error) {
        return fail(`its TypeScript could not be stripped for probing (${(error as Error).message})`);
      }
    }
    const request: NodeProbeJob = {
      files: { ...files, [target]: candidate },
      module: target,
      name,
      probes: job.probes,
      typescript,
      timeoutMs: this.options.timeoutMs,
      probeTimeoutMs: 250,
      budgetMs: Math.floor(this.options.timeoutMs / 2),
    };
    let running: RunningWorker;
    try {
      running = await this.workerFor(root);
    } catch (error) {
      return fail(this.off.switchOff(root, (error as Error).message));
    }
    const reply = await this.run(root, running, request, signal);
    if (reply === 'cancelled') return fail('cancelled');
    const answered = (behaviour: string): ProbeOutcome => ({
      ok: true,
      behaviour,
      sandbox: running.sandbox,
      ...(running.note !== undefined ? { sandboxNote: running.note } : {}),
      durationMs: Date.now() - started,
    });
    if (reply.status === 'timeout') return answered('!probes-timeout');
    if (reply.status !== 'passed' || reply.behaviour === undefined) {
      this.options.logger?.(`probe candidate ${job.candidateId}: its probe process failed (${reply.reason ?? reply.status})`);
      return answered('!probes-failed');
    }
    // It passed the user's tests, so its imports work where they run: an import failure here is this copy's setup.
    if (reply.behaviour.startsWith('import-error:')) return fail(`the module did not import for probing (${reply.behaviour.slice('import-error:'.length)})`);
    return answered(reply.behaviour);
  }

  /** The project's sources as the worker gets them: TypeScript stripped once per run (a file that cannot be is left out). */
  private async filesOf(root: string): Promise<Record<string, string>> {
    let snapshot = this.snapshots.get(root);
    if (!snapshot) {
      snapshot = (async () => {
        const read = await readModuleSnapshot(root, this.options.limits ?? DEFAULT_SNAPSHOT_LIMITS, SCRIPT_MODULES);
        const files: Record<string, string> = {};
        for (const [file, text] of Object.entries(read.files)) {
          if (!TS_FILE.test(file) || file.endsWith('.d.ts')) {
            if (!file.endsWith('.d.ts')) files[file] = text;
            continue;
          }
          try {
            files[file] = await stripTypes(text, file.endsWith('x'));
          } catch (error) {
            if (!(error instanceof StripError)) throw error;
          }
        }
        return { files, bytes: read.bytes };
      })();
      this.snapshots.set(root, snapshot);
    }
    return (await snapshot).files;
  }

  /** One candidate at a time per worker; a worker that died is replaced for the next one. */
  private run(root: string, running: RunningWorker, job: NodeProbeJob, signal: AbortSignal): Promise<WarmReply | 'cancelled'> {
    const previous = this.queues.get(root) ?? Promise.resolve();
    const turn = previous.then(async (): Promise<WarmReply | 'cancelled'> => {
      if (signal.aborted || this.disposed) return 'cancelled';
      const current = running.worker.alive ? running : await this.restart(root);
      const onAbort = (): void => current.worker.kill();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        return await current.worker.run(job);
      } catch (error) {
        if (signal.aborted) return 'cancelled';
        const reason = error instanceof WorkerLostError ? error.message : `probe worker failure: ${(error as Error).message}`;
        return { status: 'error', tests: [], output: '', outputTruncated: false, exitCode: null, reason };
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    });
    this.queues.set(root, turn.catch(() => undefined));
    return turn;
  }

  private restart(root: string): Promise<RunningWorker> {
    this.workers.delete(root);
    return this.workerFor(root);
  }

  private workerFor(root: string): Promise<RunningWorker> {
    let running = this.workers.get(root);
    if (!running) {
      running = this.startWorker(root);
      this.workers.set(root, running);
      running.catch(() => this.workers.delete(root));
    }
    return running;
  }

  private async startWorker(root: string): Promise<RunningWorker> {
    const node = findNode();
    const limits = {
      cpuSeconds: Math.ceil(this.options.timeoutMs / 1000) + 1,
      memoryMb: Math.max(64, Math.floor(this.limits.memoryBytes / (1024 * 1024))),
      maxFileBytes: Math.min(this.limits.fileBytes, 16 * 1024 * 1024),
    };
    const jobDir = this.tempDir('best-of-n-probe-');
    let fallback: string | undefined;
    if (this.options.sandbox !== 'none') {
      const status = await detectBubblewrap();
      if (status.available && status.path) {
        const launch = sandboxedNodeWorker({ bwrap: status.path, node, workspaceRoot: root, jobDir, tmpBytes: this.limits.tmpBytes, limits });
        const worker = new WarmWorker<NodeProbeJob>(launch.argv[0], launch.argv.slice(1), launch.env);
        try {
          await worker.start();
          return { worker, sandbox: 'bubblewrap' };
        } catch (error) {
          if (this.options.sandbox === 'bubblewrap') throw new Error(`bubblewrap could not start the probe worker: ${(error as Error).message}`);
          fallback = `bubblewrap failed to start the probe worker: ${(error as Error).message.slice(0, 200)}`;
        }
      } else {
        fallback = status.reason ?? 'bubblewrap is not available';
        if (this.options.sandbox === 'bubblewrap') throw new Error(`the bubblewrap sandbox was required but cannot run: ${fallback}`);
      }
      // A root process without a sandbox could do anything to the machine: never silently.
      if (this.options.runningAsRoot ?? runningAsRoot()) throw new Error(rootRefusal(fallback));
      this.options.logger?.(`node probe worker: ${noSandboxNote(fallback)}`);
    }
    const modules = path.join(root, 'node_modules');
    if (existsSync(modules)) symlinkSync(modules, path.join(jobDir, 'node_modules'), 'dir');
    const home = this.tempDir('best-of-n-probe-home-');
    const launch = unsandboxedNodeWorker({ node, jobDir, home, limits });
    const worker = new WarmWorker<NodeProbeJob>(launch.argv[0], launch.argv.slice(1), launch.env);
    await worker.start();
    return { worker, sandbox: 'none', note: fallback ? noSandboxNote(fallback) : 'the sandbox setting is none' };
  }

  private tempDir(prefix: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    trackSandboxDir(dir);
    this.dirs.add(dir);
    return dir;
  }


  /** Stops every probe worker (and the candidates they run) and removes their folders. Idempotent. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const running = await Promise.allSettled([...this.workers.values()]);
    this.workers.clear();
    for (const r of running) if (r.status === 'fulfilled') r.value.worker.kill();
    for (const dir of this.dirs) {
      rmSync(dir, { recursive: true, force: true });
      untrackSandboxDir(dir);
    }
    this.dirs.clear();
  }
}
