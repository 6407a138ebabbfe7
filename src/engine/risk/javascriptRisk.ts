import { tokenize, type CodeToken } from './codeTokens';
import { callArgs, declaresAt, dottedAt, isOp, literalString, type RiskFinding } from './tokenPatterns';

/** fs functions that write, remove or move files (`fs.writeFileSync`, `fsp.rm`, a destructured `appendFile`). */
const FS_WRITES = new Set([
  'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'unlink', 'unlinkSync',
  'rename', 'renameSync', 'mkdir', 'mkdirSync', 'mkdtemp', 'mkdtempSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'truncate', 'truncateSync',
  'symlink', 'symlinkSync', 'chmod', 'chmodSync', 'writeSync', 'writev', 'writevSync', 'outputFile', 'outputFileSync',
]);
/** Of those, names distinctive enough to flag when called bare (after a destructuring import). */
const FS_WRITES_BARE = new Set(['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'rmSync', 'unlinkSync', 'renameSync', 'mkdirSync', 'copyFileSync', 'truncateSync', 'symlinkSync', 'cpSync', 'rmdirSync']);
/** Names an fs module object usually goes by: `fs`, `fsp`, `fse`, `promises`, `fsPromises`. */
const FS_OWNER = /^(fs|fsp|fse|fsExtra|promises|fsPromises|nodeFs)$/;
const NETWORK_MODULES = new Set(['http', 'https', 'http2', 'net', 'dgram', 'tls', 'dns', 'undici', 'axios', 'node-fetch', 'ws']);
const SUBPROCESS_MODULES = new Set(['child_process', 'cluster', 'worker_threads']);
const SUBPROCESS_CALLS = new Set(['execSync', 'spawnSync', 'execFileSync', 'execFile', 'spawn', 'exec', 'fork']);
const NETWORK_GLOBALS = new Set(['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource']);

function bareModule(spec: string): string {
  return spec.replace(/^node:/, '').split('/')[0];
}

/** The module a `require('…')` / `import … from '…'` / `import('…')` names, or whether it is computed. */
function moduleAt(tokens: readonly CodeToken[], i: number): { spec?: string; computed: boolean } | undefined {
  const t = tokens[i];
  if (t.kind !== 'name' || tokens[i - 1]?.value === '.') return undefined;
  if ((t.value === 'require' || t.value === 'import') && isOp(tokens, i + 1, '(')) {
    const args = callArgs(tokens, i + 1);
    const spec = literalString(args[0]);
    // A template literal without `${}` is a literal too.
    const literal = spec !== undefined && !(args[0][0].value.includes('${'));
    return literal ? { spec, computed: false } : { computed: true };
  }
  if (t.value === 'from' && tokens[i + 1]?.kind === 'string') return { spec: tokens[i + 1].value, computed: false };
  if (t.value === 'import' && tokens[i + 1]?.kind === 'string') return { spec: tokens[i + 1].value, computed: false };
  return undefined;
}

/**
 * Risk findings in JavaScript/TypeScript: fs writes, network (`fetch`, `http`, `net`, …),
 * `child_process`, `process.env`, `eval`/`new Function`, and `import()`/`require()` of a
 * computed name. Reading files is not a sign.
 */
export function scanJavaScript(code: string, language: 'javascript' | 'typescript' = 'javascript'): RiskFinding[] {
  const tokens = tokenize(code, language);
  const found: RiskFinding[] = [];
  const add = (kind: RiskFinding['kind'], what: string, line: number): void => {
    found.push({ kind, what, line });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const module = moduleAt(tokens, i);
    if (module) {
      if (module.computed) add('dynamic-import', `${t.value}() of a computed name`, t.line);
      const name = module.spec !== undefined ? bareModule(module.spec) : undefined;
      if (name && NETWORK_MODULES.has(name)) add('network', `${t.value} '${module.spec}'`, t.line);
      if (name && SUBPROCESS_MODULES.has(name)) add('subprocess', `${t.value} '${module.spec}'`, t.line);
      if (name === 'vm') add('dynamic-code', `${t.value} '${module.spec}'`, t.line);
      continue;
    }
    if (t.kind === 'name' && t.value === 'new' && tokens[i + 1]?.kind === 'name') {
      const ctor = tokens[i + 1].value;
      if (ctor === 'Function') add('dynamic-code', 'new Function()', t.line);
      if (NETWORK_GLOBALS.has(ctor)) add('network', `new ${ctor}()`, t.line);
      i++;
      continue;
    }
    if (isOp(tokens, i, '.') && tokens[i + 1]?.kind === 'name' && isOp(tokens, i + 2, '(')) {
      const method = tokens[i + 1].value;
      const owner = tokens[i - 1]?.value ?? '';
      if (FS_WRITES_BARE.has(method) || (FS_WRITES.has(method) && FS_OWNER.test(owner))) add('file-write', `.${method}()`, t.line);
      continue;
    }
    const dotted = dottedAt(tokens, i);
    if (!dotted) continue;
    const name = dotted.name.replace(/^(globalThis|window|self|global)\./, '');
    const called = isOp(tokens, dotted.end, '(') && !declaresAt(tokens, i, dotted.end);
    const parts = name.split('.');
    if (name === 'process.env' || name.startsWith('process.env.')) add('environment', 'process.env', t.line);
    else if (name === 'process.binding' || name === 'process.dlopen' || name === 'process.kill') add('subprocess', name, t.line);
    else if (called && parts.length === 1 && name === 'eval') add('dynamic-code', 'eval()', t.line);
    else if (called && parts.length === 1 && name === 'Function') add('dynamic-code', 'Function()', t.line);
    else if (called && parts.length === 1 && NETWORK_GLOBALS.has(name)) add('network', `${name}()`, t.line);
    else if (called && (FS_WRITES_BARE.has(parts[parts.length - 1]) || (parts.length > 1 && FS_WRITES.has(parts[parts.length - 1]) && FS_OWNER.test(parts[parts.length - 2])))) add('file-write', `${name}()`, t.line);
    else if (called && SUBPROCESS_CALLS.has(parts[parts.length - 1]) && (parts.length === 1 ? name !== 'exec' && name !== 'spawn' && name !== 'fork' : /child|cp|proc/i.test(parts[0]))) add('subprocess', `${name}()`, t.line);
    else if (called && parts.length === 2 && NETWORK_MODULES.has(parts[0]) && /^(request|get|connect|createConnection|createServer|createSocket)$/.test(parts[1])) add('network', `${name}()`, t.line);
    i = dotted.end - 1;
  }
  return found;
}
