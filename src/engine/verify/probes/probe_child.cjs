'use strict';
// Best-of-N Node probe child: one per candidate, started ahead of its job by probe_worker.cjs
// under the worker's limits (CPU time, file size, heap) and Node's permission model (no child
// processes, writes only inside the job folder and /tmp). It reads one JSON job on stdin,
// imports the candidate's module, evaluates every probe expression with the target bound to
// its name, and writes exactly one line, {"behaviour": "...", "nonce": the job's}, on fd 3.
// Its stdout and stderr go nowhere the worker reads.
const fs = require('node:fs');
const crypto = require('node:crypto');
const path = require('node:path');
const util = require('node:util');
const vm = require('node:vm');
const { pathToFileURL } = require('node:url');

// Taken before any candidate code runs: a candidate replacing JSON.stringify or fs.writeSync
// at import cannot change how this harness answers.
const stringify = JSON.stringify;
const writeSync = fs.writeSync;
const isDeepStrictEqual = util.isDeepStrictEqual;
const exit = process.exit.bind(process);

/** TypeScript files arrive with their types already stripped (the host did it): load them as ES modules. */
const TS_HOOKS = `
const TS = /\\.(m|c)?tsx?$/;
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) throw error;
    for (const candidate of [specifier.replace(/\\.(m|c)?js$/, '.$1ts'), specifier + '.ts', specifier + '.tsx', specifier + '/index.ts']) {
      if (candidate === specifier) continue;
      try {
        return await next(candidate, context);
      } catch {}
    }
    throw error;
  }
}
export async function load(url, context, next) {
  if (TS.test(new URL(url).pathname)) {
    const format = url.endsWith('.cts') ? 'commonjs' : 'module';
    const loaded = await next(url, { ...context, format });
    return { ...loaded, format };
  }
  return next(url, context);
}
`;

function readJob() {
  const chunks = [];
  const buffer = Buffer.alloc(1 << 16);
  for (;;) {
    let read = 0;
    try {
      read = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      if (error.code === 'EAGAIN') continue;
      throw error;
    }
    if (read === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
    if (buffer.subarray(0, read).includes(10)) break;
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** A stable, short text for a value: object keys sorted, so the same behaviour gives the same text. */
function repr(value, depth = 0, seen = new Set()) {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(value, -0) ? '0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return stringify(value);
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    default:
      break;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth > 8) return '[Deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((v) => repr(v, depth + 1, seen)).join(',')}]`;
    if (value instanceof Date) return `Date(${value.getTime()})`;
    if (value instanceof RegExp) return String(value);
    if (value instanceof Map) return `Map{${[...value].map(([k, v]) => `${repr(k, depth + 1, seen)}=>${repr(v, depth + 1, seen)}`).sort().join(',')}}`;
    if (value instanceof Set) return `Set{${[...value].map((v) => repr(v, depth + 1, seen)).sort().join(',')}}`;
    if (value instanceof Error) return `${value.constructor?.name ?? 'Error'}(${stringify(value.message)})`;
    const keys = Object.keys(value).sort();
    const tag = value.constructor && value.constructor !== Object ? value.constructor.name : '';
    return `${tag}{${keys.map((k) => `${stringify(k)}:${repr(value[k], depth + 1, seen)}`).join(',')}}`;
  } finally {
    seen.delete(value);
  }
}

function clip(text, limit) {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

/** One short token per probe, as the Python worker makes them: short ones verbatim, long ones a hash. */
function token(answer) {
  const short = answer.length <= 16 || (answer.startsWith('!') && answer.length <= 64);
  return short && !answer.includes('|') ? answer : `#${crypto.createHash('sha256').update(answer).digest('hex').slice(0, 12)}`;
}

function errorName(error) {
  if (error && typeof error === 'object' && typeof error.constructor === 'function' && error.constructor.name) return error.constructor.name;
  return typeof error;
}

function isThenable(value) {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';
}

/** The target in a module namespace: a named export, a CommonJS export, or a default-exported function of that name. */
function findTarget(ns, name) {
  const candidates = [ns[name], ns.default && ns.default[name], ns['module.exports'] && ns['module.exports'][name]];
  const found = candidates.find((v) => typeof v === 'function');
  if (found) return found;
  if (typeof ns.default === 'function' && (ns.default.name === name || Object.keys(ns).length <= 2)) return ns.default;
  return undefined;
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new ProbeTimeout()), ms)))]).finally(() => clearTimeout(timer));
}

class ProbeTimeout extends Error {}

async function main() {
  const job = readJob();
  const nonce = job.nonce;
  delete job.nonce;
  process.chdir(job.root);
  if (job.typescript) require('node:module').register(`data:text/javascript,${encodeURIComponent(TS_HOOKS)}`);
  const answer = (behaviour) => {
    const line = Buffer.from(`${stringify({ behaviour, nonce })}\n`);
    writeSync(3, line);
    exit(0);
  };
  let ns;
  try {
    ns = await import(pathToFileURL(path.join(job.root, job.module)).href);
  } catch (error) {
    answer(`import-error:${errorName(error)}`);
    return;
  }
  const target = findTarget(ns, job.name);
  if (!target) {
    answer('import-error:NoSuchExport');
    return;
  }
  // The helpers generated checks call (generatedTests.ts), and the target under its own name.
  globalThis[job.name] = target;
  globalThis.__bonSame = (a, b) => (isThenable(a) ? a.then((v) => isDeepStrictEqual(v, b)) : isDeepStrictEqual(a, b));
  globalThis.__bonTruthy = (a) => (isThenable(a) ? a.then(Boolean) : Boolean(a));
  globalThis.__bonThrows = (thunk) => {
    try {
      const result = thunk();
      return isThenable(result) ? result.then(() => false, () => true) : false;
    } catch {
      return true;
    }
  };
  const started = process.cpuUsage();
  const cpuMs = () => {
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000;
  };
  const answers = [];
  for (const expression of job.probes) {
    if (cpuMs() > job.budgetMs) {
      answers.push('!skipped');
      continue;
    }
    try {
      // vm's timeout interrupts a synchronous endless loop inside the candidate too.
      let value = vm.runInThisContext(expression, { timeout: job.probeTimeoutMs, filename: 'probe.js' });
      if (isThenable(value)) value = await withTimeout(Promise.resolve(value), 4 * job.probeTimeoutMs);
      answers.push(`=${clip(repr(value), 400)}`);
    } catch (error) {
      answers.push(error instanceof ProbeTimeout || (error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') ? '!timeout' : `!${errorName(error)}`);
    }
  }
  answer(answers.map(token).join('|'));
}

main().catch(() => exit(70));
