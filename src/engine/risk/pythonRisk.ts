import { tokenize, type CodeToken } from './codeTokens';
import { callArgs, dottedAt, isOp, literalString, under, type RiskFinding } from './tokenPatterns';

const NETWORK_MODULES = ['socket', 'urllib.request', 'urllib3', 'requests', 'http.client', 'http.server', 'httpx', 'aiohttp', 'ftplib', 'smtplib', 'telnetlib', 'xmlrpc.client', 'asyncio.open_connection'];
const SUBPROCESS = ['subprocess', 'os.system', 'os.popen', 'os.spawnl', 'os.spawnlp', 'os.spawnv', 'os.spawnvp', 'os.execv', 'os.execvp', 'os.execl', 'os.execlp', 'os.execve', 'os.fork', 'os.posix_spawn', 'pty.spawn', 'asyncio.create_subprocess_exec', 'asyncio.create_subprocess_shell'];
const FILE_WRITES = ['os.remove', 'os.unlink', 'os.rmdir', 'os.removedirs', 'os.rename', 'os.renames', 'os.replace', 'os.mkdir', 'os.makedirs', 'os.truncate', 'os.chmod', 'os.chown', 'os.symlink', 'os.link', 'shutil.rmtree', 'shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.move', 'shutil.make_archive', 'shutil.unpack_archive', 'shutil.chown', 'tempfile.mkstemp', 'tempfile.NamedTemporaryFile', 'tempfile.mkdtemp'];
const ENVIRONMENT = ['os.environ', 'os.getenv', 'os.putenv', 'os.unsetenv', 'os.environb'];
/** Builtins the scan knows, usable without an import. */
const BUILTINS = new Set(['open', 'eval', 'exec', 'compile', '__import__', 'builtins']);
/** Methods that write whatever object they are called on (pathlib paths, mostly). */
const WRITING_METHODS = new Set(['write_text', 'write_bytes', 'unlink', 'rmdir', 'touch', 'mkdir', 'symlink_to', 'hardlink_to']);

/**
 * Names bound by imports: `import subprocess as sp` maps `sp` → `subprocess`, `import os` maps
 * `os` → `os`, `from os import environ` maps `environ` → `os.environ`.
 */
function pythonAliases(tokens: readonly CodeToken[]): Map<string, string> {
  const aliases = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'name' || (t.value !== 'import' && t.value !== 'from')) continue;
    if (t.value === 'from') {
      const module = dottedAt(tokens, i + 1);
      if (!module || tokens[module.end]?.value !== 'import') continue;
      let j = module.end + 1;
      if (isOp(tokens, j, '(')) j++;
      while (tokens[j]?.kind === 'name') {
        const name = tokens[j].value;
        const alias = tokens[j + 1]?.value === 'as' && tokens[j + 2]?.kind === 'name' ? tokens[j + 2].value : name;
        aliases.set(alias, `${module.name}.${name}`);
        j += alias === name && tokens[j + 1]?.value !== 'as' ? 1 : 3;
        if (!isOp(tokens, j, ',')) break;
        j++;
      }
      // Past the names: the `import` of a `from` statement is not a statement of its own.
      i = Math.max(i, j - 1);
    } else if (tokens[i - 1]?.value !== '.') {
      let j = i + 1;
      while (true) {
        const module = dottedAt(tokens, j);
        if (!module) break;
        j = module.end;
        if (tokens[j]?.value === 'as' && tokens[j + 1]?.kind === 'name') {
          aliases.set(tokens[j + 1].value, module.name);
          j += 2;
        } else {
          // `import urllib.request` binds `urllib`.
          const head = module.name.split('.')[0];
          aliases.set(head, head);
        }
        if (!isOp(tokens, j, ',')) break;
        j++;
      }
    }
  }
  return aliases;
}

function resolve(name: string, aliases: ReadonlyMap<string, string>): string {
  const [head, ...rest] = name.split('.');
  const full = aliases.get(head);
  return full ? [full, ...rest].join('.') : name;
}

function writeMode(mode: string | undefined): boolean {
  return mode !== undefined && /[wax+]/.test(mode);
}

/** Modules an `import` / `from … import` statement at `i` names. */
function importedModules(tokens: readonly CodeToken[], i: number): string[] {
  const t = tokens[i];
  if (t.value === 'from') {
    const module = dottedAt(tokens, i + 1);
    if (!module || tokens[module.end]?.value !== 'import') return [];
    const names: string[] = [module.name];
    for (let j = module.end + 1; tokens[j] && tokens[j].line === t.line; j++) if (tokens[j].kind === 'name' && tokens[j].value !== 'as') names.push(`${module.name}.${tokens[j].value}`);
    return names;
  }
  if (tokens[i - 1]?.value === 'from') return [];
  const names: string[] = [];
  for (let j = i + 1; tokens[j] && tokens[j].line === t.line; j++) {
    const module = dottedAt(tokens, j);
    if (module) {
      names.push(module.name);
      j = module.end - 1;
    }
  }
  return names;
}

/**
 * Risk findings in Python code: file writes (`open` with a write mode, `os.remove`, `shutil`,
 * pathlib writers), network (`socket`, `urllib`, `requests`, `http`), subprocesses
 * (`subprocess`, `os.system`, `os.popen`), environment access (`os.environ`, `os.getenv`),
 * `eval`/`exec`/`compile`, and dynamic imports (`__import__`, `importlib`). `context` (the
 * rest of the file) only lends its imports, so `from os import environ` above the function
 * still resolves.
 */
export function scanPython(code: string, context = ''): RiskFinding[] {
  const tokens = tokenize(code, 'python');
  const aliases = pythonAliases([...tokenize(context, 'python'), ...tokens]);
  const found: RiskFinding[] = [];
  const add = (kind: RiskFinding['kind'], what: string, line: number): void => {
    found.push({ kind, what, line });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'name' && (t.value === 'import' || t.value === 'from') && tokens[i - 1]?.value !== '.') {
      for (const module of importedModules(tokens, i)) classify(module, `import ${module}`, t.line, add, true);
      while (tokens[i + 1] && tokens[i + 1].line === t.line) i++;
      continue;
    }
    // A method call on any object: `.open('w')`, `.write_text(...)`.
    if (isOp(tokens, i, '.') && tokens[i + 1]?.kind === 'name' && isOp(tokens, i + 2, '(')) {
      const method = tokens[i + 1].value;
      if (WRITING_METHODS.has(method)) add('file-write', `.${method}()`, t.line);
      if (method === 'open' && writeMode(literalString(callArgs(tokens, i + 2)[0]))) add('file-write', `.open('${literalString(callArgs(tokens, i + 2)[0])}')`, t.line);
      continue;
    }
    const dotted = dottedAt(tokens, i);
    if (!dotted) continue;
    if (tokens[i - 1]?.value === 'def' || tokens[i - 1]?.value === 'class') continue;
    const head = dotted.name.split('.')[0];
    // A module is only a module when something imported it: a local `requests` list is not the library.
    if (!aliases.has(head) && !BUILTINS.has(head)) {
      i = dotted.end - 1;
      continue;
    }
    const name = resolve(dotted.name, aliases);
    // `if os.system(cmd):` is a call: in Python a `:` after `)` ends a header, not a type.
    const called = isOp(tokens, dotted.end, '(');
    if (called && (name === 'open' || name === 'io.open' || name === 'codecs.open' || name === 'os.open')) {
      const args = callArgs(tokens, dotted.end);
      const keyword = args.find((a) => a[0]?.value === 'mode' && isOp(a, 1, '='));
      const mode = keyword ? literalString(keyword.slice(2)) : literalString(args[1]);
      const flags = name === 'os.open' && args[1]?.some((tok) => /^O_(WRONLY|RDWR|CREAT|APPEND|TRUNC)$/.test(tok.value));
      if (writeMode(mode) || flags) add('file-write', `${name}(…, '${mode ?? 'flags'}')`, t.line);
    } else {
      classify(name, called ? `${name}()` : name, t.line, add, false);
    }
    i = dotted.end - 1;
  }
  return found;
}

function classify(name: string, what: string, line: number, add: (kind: RiskFinding['kind'], what: string, line: number) => void, isImport: boolean): void {
  const called = what.endsWith('()');
  if (NETWORK_MODULES.some((m) => under(name, m)) || name === 'urllib.urlopen' || (name === 'urllib' && !isImport)) add('network', what, line);
  else if (SUBPROCESS.some((m) => under(name, m))) add('subprocess', what, line);
  else if (ENVIRONMENT.some((m) => under(name, m))) add('environment', what, line);
  else if (!isImport && FILE_WRITES.some((m) => under(name, m))) add('file-write', what, line);
  else if (called && ['eval', 'exec', 'compile', 'builtins.eval', 'builtins.exec', 'builtins.compile'].includes(name)) add('dynamic-code', what, line);
  else if (name === '__import__' || under(name, 'importlib')) add('dynamic-import', what, line);
}
