import { existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';
import { TOOLCHAIN_SECRETS } from './toolchains';

/**
 * /etc entries a test run may need: the dynamic linker, users and groups by name, name
 * resolution files (the network is gone anyway), certificates, time zone, MIME types and
 * OS identity. Never shadow, gshadow, sudoers, ssh, or anything holding a secret.
 */
const ETC_ENTRIES = [
  'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'ld.so.preload', 'alternatives', 'localtime', 'timezone',
  'passwd', 'group', 'nsswitch.conf', 'hosts', 'host.conf', 'resolv.conf', 'gai.conf', 'protocols', 'services',
  'ssl/certs', 'ssl/openssl.cnf', 'ca-certificates', 'ca-certificates.conf', 'pki/tls/certs', 'pki/ca-trust',
  'mime.types', 'os-release', 'lsb-release', 'debian_version', 'locale.alias', 'locale.conf', 'default/locale',
  'fonts', 'java-17-openjdk', 'java-21-openjdk', 'magic', 'inputrc',
];

/** /etc entries by prefix (version-named): Debian's per-version Python config. */
const ETC_PREFIXES = ['python3'];

/** Where HOME points inside the sandbox: an empty folder on the capped private /tmp. */
export const SANDBOX_HOME = '/tmp/.home';

/** A folder shown at its own absolute path inside the sandbox. */
export interface DependencyMount {
  /** The real folder (e.g. the user's `.venv`), shown read-only. */
  source: string;
  /** Where it appears inside the sandbox. */
  at: string;
}

/** What one sandbox shows; everything not named here does not exist inside it. */
export interface SandboxLayout {
  /** Read-only folders besides the system: toolchains and the interpreter's folders. */
  toolchains: readonly string[];
  /**
   * The candidate's copy (`copy` on the host) shown read-write at `at`, the workspace's own
   * absolute path, with its dependency folders read-only at their own paths inside it.
   */
  workspace?: { copy: string; at: string; dependencies: readonly DependencyMount[] };
  /** Folders shown read-write at their own path (the report dir). */
  writable?: readonly string[];
  /** Folders shown read-only at their own path (the support dir). */
  readOnly?: readonly string[];
  /** More private tmpfs folders (the warm worker's scratch), each capped like /tmp. */
  scratch?: readonly string[];
  /** Size of the private /tmp and of each scratch tmpfs. */
  tmpBytes: number;
  /** Working directory inside. */
  chdir: string;
}

/** The unprivileged uid/gid the candidate runs as inside the user namespace ("nobody"). */
export const SANDBOX_UID = 65534;

/**
 * Namespaces and privileges: every namespace unshared (so no network), an unprivileged uid in
 * a user namespace, every capability dropped (so no mount/umount escape, even as root),
 * a new session (no TIOCSTI) and bound to our lifetime.
 */
export const ISOLATION_ARGS = [
  '--unshare-all', '--unshare-user', '--uid', String(SANDBOX_UID), '--gid', String(SANDBOX_UID),
  '--cap-drop', 'ALL', '--die-with-parent', '--new-session',
];

/**
 * bubblewrap arguments (without the command) for `layout`: a read-only tmpfs root holding
 * only the system folders, a curated /etc, the toolchains, /proc, /dev, a size-capped /tmp,
 * and the named folders. The host root is never bound, so homes, other checkouts, the
 * workspace's parent, /run and /etc/shadow are simply absent.
 */
export function sandboxArgs(layout: SandboxLayout): string[] {
  const args = ['--tmpfs', '/'];
  for (const top of ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64']) {
    if (!existsSync(top)) continue;
    if (lstatSync(top).isSymbolicLink()) args.push('--symlink', readlinkSync(top), top);
    else args.push('--ro-bind', top, top);
  }
  for (const entry of etcEntries()) args.push('--ro-bind-try', entry, entry);
  args.push('--proc', '/proc', '--dev', '/dev');
  // bwrap's /dev has its own uncapped /dev/shm; files there are memory no process's RSS shows.
  args.push('--size', String(layout.tmpBytes), '--tmpfs', '/dev/shm');
  // /tmp first: the toolchains, the workspace and the sandbox dirs may all live under it.
  args.push('--size', String(layout.tmpBytes), '--tmpfs', '/tmp', '--dir', SANDBOX_HOME);
  for (const dir of layout.scratch ?? []) args.push('--size', String(layout.tmpBytes), '--tmpfs', dir);
  for (const dir of layout.toolchains) {
    args.push('--ro-bind', dir, dir);
    for (const secret of TOOLCHAIN_SECRETS) {
      const file = path.join(path.dirname(dir), secret);
      if (file.startsWith(`${dir}/`) && existsSync(file)) args.push('--ro-bind', '/dev/null', file);
    }
  }
  if (layout.workspace) {
    const { copy, at, dependencies } = layout.workspace;
    args.push('--bind', copy, at);
    for (const dep of dependencies) args.push('--ro-bind', dep.source, dep.at);
  }
  for (const dir of layout.writable ?? []) args.push('--bind', dir, dir);
  for (const dir of layout.readOnly ?? []) args.push('--ro-bind', dir, dir);
  // The root tmpfs holds only mount points: read-only, so nothing can be written beside them.
  args.push('--remount-ro', '/', ...ISOLATION_ARGS, '--chdir', layout.chdir);
  return args;
}

function etcEntries(): string[] {
  const entries = ETC_ENTRIES.map((e) => `/etc/${e}`);
  try {
    for (const name of readdirSync('/etc')) {
      if (ETC_PREFIXES.some((p) => name.startsWith(p))) entries.push(`/etc/${name}`);
    }
  } catch {
    // No /etc to read: the fixed list is tried as it is.
  }
  return entries;
}
