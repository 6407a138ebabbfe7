'use strict';
// Best-of-N Node probe worker: the JavaScript/TypeScript counterpart of the warm Python worker's
// probe-only jobs. It runs inside the sandbox (started by nodeProbeLaunch.ts through the one
// sandbox launcher), reads one JSON job per line on stdin and answers one JSON line on stdout.
// argv: the job folder (the workspace's own path in the sandbox, with the project's node_modules
// mounted read-only in it), the child's source, and the limits as JSON.
//
// Each candidate runs in a fresh child process (probe_child.cjs), started ahead of its job so
// its start-up is not on the candidate's clock; a candidate can therefore never leave state for
// the next one. The child runs with ulimit CPU time and file size, no core dumps, a heap cap,
// and Node's permission model (no child processes, writes only in the job folder and /tmp).
// Its stdout/stderr are discarded; the one answer comes on a separate pipe (fd 3), and the
// worker accepts exactly one line from it, {"behaviour": string, "nonce": the job's fresh
// nonce}: anything else is reported as tampered. Residual risk, accepted as for the Python
// worker: the nonce is in the child's memory while the candidate runs. The job folder (but node_modules) and, in the sandbox, /tmp are wiped
// between candidates.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

// Started with `node -e`, so the arguments begin at argv[1].
const ROOT = path.resolve(process.argv[1]);
const CHILD_SOURCE = process.argv[2];
const LIMITS = JSON.parse(process.argv[3]);
const out = process.stdout;
// Stray output of this process (warnings) must never corrupt the protocol stream.
console.log = console.error;

/** Node's permission flag on this version: stable `--permission`, or the Node 20 experimental one. */
function permissionFlags() {
  const flags = process.allowedNodeEnvironmentFlags;
  const flag = flags.has('--permission') ? '--permission' : flags.has('--experimental-permission') ? '--experimental-permission' : undefined;
  if (!flag) return [];
  // Workers are threads of the same process (the TypeScript loader needs one); child processes stay forbidden.
  // /tmp is writable only where it is the sandbox's own; elsewhere TMPDIR is inside the job folder.
  const writable = LIMITS.privateTmp ? [`--allow-fs-write=${ROOT}/*`, '--allow-fs-write=/tmp/*'] : [`--allow-fs-write=${ROOT}/*`];
  return [flag, '--allow-fs-read=*', ...writable, '--allow-worker'];
}

const PERMISSION = permissionFlags();
const TMP = LIMITS.privateTmp ? '/tmp' : path.join(ROOT, '.tmp');

function startChild() {
  const limits = `ulimit -c 0; ulimit -t ${LIMITS.cpuSeconds}; ulimit -f ${Math.max(1, Math.floor(LIMITS.maxFileBytes / 512))}; exec "$@"`;
  const argv = [process.execPath, '--no-warnings', `--max-old-space-size=${LIMITS.memoryMb}`, ...PERMISSION, '-e', CHILD_SOURCE];
  const child = spawn('/bin/sh', ['-c', limits, 'sh', ...argv], {
    cwd: ROOT,
    stdio: ['pipe', 'ignore', 'ignore', 'pipe'],
    detached: true,
    env: { PATH: process.env.PATH || '/usr/bin:/bin', HOME: LIMITS.privateTmp ? process.env.HOME || '/tmp' : TMP, TMPDIR: TMP, LANG: 'C.UTF-8' },
  });
  const state = { child, chunks: [], size: 0, exited: false, code: null, signal: null, onChange: () => undefined };
  child.stdio[3].on('data', (chunk) => {
    state.size += chunk.length;
    if (state.size <= 1 << 20) state.chunks.push(chunk);
    state.onChange();
  });
  child.stdio[3].on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  child.on('exit', (code, signal) => {
    state.exited = true;
    state.code = code;
    state.signal = signal;
    state.onChange();
  });
  child.on('error', () => {
    state.exited = true;
    state.onChange();
  });
  return state;
}

function kill(state) {
  try {
    process.kill(-state.child.pid, 'SIGKILL');
  } catch {
    try {
      state.child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function safePath(name) {
  if (typeof name !== 'string' || name.length === 0 || name.length > 1024) return false;
  const parts = name.split('/');
  return parts.length <= 16 && parts.every((p) => p.length > 0 && p !== '.' && p !== '..' && !p.startsWith('.') && !p.includes('\\'));
}

function wipe(dir, keep) {
  let entries = [];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (keep.includes(entry)) continue;
    try {
      fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    } catch {
      // A mount point or a file the candidate made unremovable: the next write still goes over it.
    }
  }
}

function wipeAll() {
  wipe(ROOT, ['node_modules']);
  if (LIMITS.privateTmp) {
    wipe('/tmp', ['.home']);
    wipe('/tmp/.home', []);
  }
}

function settle(state, timeoutMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    // The harness exits right after answering: every line written before the exit counts.
    state.onChange = () => {
      if (state.exited) {
        clearTimeout(timer);
        resolve('done');
      }
    };
    state.onChange();
  });
}

function parseAnswer(text, nonce) {
  const lines = text.split('\n').filter((l) => l.trim());
  if (lines.length === 0) return { none: true };
  if (lines.length > 1) return { forged: 'more than one answer was written on the result channel' };
  try {
    const answer = JSON.parse(lines[0]);
    const keys = Object.keys(answer).sort().join(',');
    if (keys !== 'behaviour,nonce' || typeof answer.behaviour !== 'string' || answer.nonce !== nonce) throw new Error('shape');
    return { behaviour: answer.behaviour };
  } catch {
    return { forged: "the result channel carried something other than the harness's answer" };
  }
}

let next = startChild();

async function runJob(job) {
  for (const name of Object.keys(job.files).concat([job.module])) {
    if (!safePath(name)) return { status: 'error', reason: `unsafe file name ${JSON.stringify(name)}` };
  }
  const started = Date.now();
  wipeAll();
  for (const [name, text] of Object.entries(job.files)) {
    const file = path.join(ROOT, name);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, text, { mode: 0o600 });
  }
  const copied = Date.now();
  const state = next;
  // Fresh per job and held only in the harness's memory: a line the candidate writes lacks it.
  const nonce = crypto.randomBytes(12).toString('hex');
  if (!LIMITS.privateTmp) fs.mkdirSync(TMP, { recursive: true, mode: 0o700 });
  const request = { nonce, root: ROOT, module: job.module, name: job.name, probes: job.probes, typescript: Boolean(job.typescript), probeTimeoutMs: job.probeTimeoutMs, budgetMs: job.budgetMs };
  state.child.stdin.end(`${JSON.stringify(request)}\n`);
  const how = await settle(state, job.timeoutMs);
  // Whatever it is doing now, this candidate is done: its whole process group goes.
  kill(state);
  const ran = Date.now();
  next = startChild();
  wipeAll();
  const timings = { prepareMs: copied - started, runMs: ran - copied, cleanupMs: Date.now() - ran };
  const base = { tests: [], output: '', outputTruncated: false, timings };
  const answer = parseAnswer(Buffer.concat(state.chunks).toString('utf8'), nonce);
  if (answer.forged) return { ...base, status: 'tampered', exitCode: state.code, reason: `tampered: ${answer.forged}` };
  if (answer.behaviour !== undefined) return { ...base, status: 'passed', exitCode: 0, behaviour: answer.behaviour };
  if (how === 'timeout') return { ...base, status: 'timeout', exitCode: null, reason: `killed after ${job.timeoutMs} ms` };
  if (state.signal === 'SIGXCPU') return { ...base, status: 'timeout', exitCode: null, reason: 'CPU time limit reached' };
  const why = state.signal ? `killed by ${state.signal}` : `exited with code ${state.code}`;
  return { ...base, status: 'error', exitCode: state.code, reason: `the probe process ${why} before answering (memory limit, crash or process.exit in the candidate)` };
}

async function main() {
  fs.mkdirSync(ROOT, { recursive: true });
  out.write(`${JSON.stringify({ ready: true, pid: process.pid, node: process.version, permission: PERMISSION.length > 0 })}\n`);
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let id = null;
    let reply;
    try {
      const job = JSON.parse(line);
      id = job.id;
      reply = await runJob(job);
    } catch (error) {
      reply = { status: 'error', reason: `worker error: ${error && error.message}`, tests: [], output: '', outputTruncated: false, exitCode: null };
      wipeAll();
    }
    out.write(`${JSON.stringify({ ...reply, id })}\n`);
  }
  kill(next);
  process.exit(0);
}

main();
