import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_LIMITS } from './limits';
import { sandboxedCommand } from './launcher';
import { trackSandboxDir, untrackSandboxDir } from '../liveSandboxDirs';

/** What the self-check saw from inside the sandbox. */
export interface SelfCheckFacts {
  /** CapEff of the sandboxed process, hex as in /proc/self/status. */
  capEff: string;
  uid: number;
  /** Entries of the workspace's parent folder as seen inside (only the workspace itself may be there). */
  parentEntries: string[];
  /** Places outside the copy the sandboxed process managed to write (must be none). */
  writesOutside: string[];
  /** Whether /etc/shadow exists inside. */
  shadowVisible: boolean;
  /** Whether the copy itself was writable (a sandbox that cannot write its copy is useless). */
  copyWritable: boolean;
  /** Whether the file beside the workspace on the host could be read inside. */
  siblingReadable: boolean;
}

export type SelfCheckResult = { ok: true; facts: SelfCheckFacts } | { ok: false; reason: string; facts?: SelfCheckFacts };

/** The check, as shell run inside; one `key=value` per line. */
const SCRIPT = String.raw`
ws="$1"; parent="$(dirname "$ws")"
echo "capeff=$(grep '^CapEff:' /proc/self/status | tr -d ' \t' | cut -d: -f2)"
echo "uid=$(id -u)"
echo "parent=$(ls -A "$parent" 2>/dev/null | tr '\n' '/')"
for target in /probe "$parent/probe" /etc/probe /usr/probe "$SELF_CHECK_OUTSIDE/probe"; do
  if ( : > "$target" ) 2>/dev/null; then echo "wrote=$target"; fi
done
if [ -e /etc/shadow ]; then echo shadow=yes; else echo shadow=no; fi
if ( : > "$ws/probe" ) 2>/dev/null; then echo copy=yes; else echo copy=no; fi
if cat "$parent/sibling" >/dev/null 2>&1; then echo sibling=yes; else echo sibling=no; fi
`;

const cache = new Map<string, Promise<SelfCheckResult>>();

/**
 * Proves, once per bubblewrap executable and process, that the launcher's exact policy holds
 * here: inside, effective capabilities are 0, the uid is not 0, the workspace's parent folder
 * shows nothing but the workspace, writes outside the copy fail and /etc/shadow is absent.
 * A sandbox that fails it is treated as unavailable, with the reason.
 */
export function sandboxSelfCheck(bwrap: string): Promise<SelfCheckResult> {
  let result = cache.get(bwrap);
  if (!result) {
    result = runSelfCheck(bwrap);
    cache.set(bwrap, result);
  }
  return result;
}

/** The check itself, uncached (tests run it as different users). */
export async function runSelfCheck(bwrap: string): Promise<SelfCheckResult> {
  // Outside /tmp where possible: inside the sandbox /tmp is a fresh tmpfs, which would hide a
  // project under it whatever the mounts, and the check would prove nothing about them.
  const root = existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  const base = await fs.realpath(await fs.mkdtemp(path.join(root, 'best-of-n-selfcheck-')));
  trackSandboxDir(base);
  try {
    // The host layout: a project beside a secret, its copy, and a folder outside everything.
    const project = path.join(base, 'parent', 'project');
    const copy = path.join(base, 'copy');
    const outside = path.join(base, 'outside');
    await Promise.all([fs.mkdir(project, { recursive: true }), fs.mkdir(copy), fs.mkdir(outside)]);
    await fs.writeFile(path.join(base, 'parent', 'sibling'), 'not for the sandbox\n');
    // "outside" is world-writable: only the sandbox, not file modes, may keep the run out of it.
    await Promise.all([fs.chmod(outside, 0o777), fs.chmod(base, 0o755)]);
    const command = sandboxedCommand({
      bwrap,
      argv: ['/bin/sh', '-c', SCRIPT, 'self-check', project],
      layout: { workspace: { copy, at: project, dependencies: [] }, tmpBytes: DEFAULT_LIMITS.tmpBytes, chdir: project },
      envExtra: { SELF_CHECK_OUTSIDE: outside },
    });
    const [file, ...args] = command.argv;
    const output = await new Promise<{ stdout: string; error?: string }>((resolve) => {
      execFile(file, args, { env: command.env, timeout: 15_000 }, (error, stdout, stderr) =>
        resolve(error ? { stdout: String(stdout), error: String(stderr).trim() || error.message } : { stdout: String(stdout) }),
      );
    });
    if (output.error !== undefined) return { ok: false, reason: `bwrap cannot create the sandbox here (user namespaces disabled?): ${output.error.slice(0, 400)}` };
    const facts = parseFacts(output.stdout);
    // The host side is the proof: nothing may have reached the real project, its parent or any other folder.
    for (const dir of [path.join(base, 'parent'), project, outside]) {
      if ((await fs.readdir(dir)).some((n) => n === 'probe')) facts.writesOutside.push(path.join(dir, 'probe'));
    }
    const problems = judgeFacts(facts, path.basename(project));
    return problems.length === 0 ? { ok: true, facts } : { ok: false, reason: `the sandbox self-check failed: ${problems.join('; ')}`, facts };
  } finally {
    await fs.rm(base, { recursive: true, force: true }).catch(() => undefined);
    untrackSandboxDir(base);
  }
}

function parseFacts(stdout: string): SelfCheckFacts {
  const lines = stdout.split('\n');
  const value = (key: string): string | undefined => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);
  return {
    capEff: value('capeff') ?? '?',
    uid: Number(value('uid') ?? NaN),
    parentEntries: (value('parent') ?? '').split('/').filter(Boolean),
    // Under /tmp a write lands on the sandbox's private tmpfs (harmless, gone at exit); the host side is checked instead.
    writesOutside: lines.filter((l) => l.startsWith('wrote=')).map((l) => l.slice('wrote='.length)).filter((t) => !t.startsWith('/tmp/')),
    shadowVisible: value('shadow') !== 'no',
    copyWritable: value('copy') === 'yes',
    siblingReadable: value('sibling') !== 'no',
  };
}

/** Every property the sandbox must have, as problems in words; empty when all hold. */
export function judgeFacts(facts: SelfCheckFacts, workspaceName: string): string[] {
  const problems: string[] = [];
  if (!/^0+$/.test(facts.capEff)) problems.push(`the sandboxed process keeps capabilities (CapEff ${facts.capEff})`);
  if (!(facts.uid > 0)) problems.push(`the sandboxed process runs as uid ${facts.uid}`);
  const extra = facts.parentEntries.filter((n) => n !== workspaceName);
  if (extra.length > 0) problems.push(`the workspace's parent folder shows ${extra.join(', ')}`);
  if (facts.writesOutside.length > 0) problems.push(`it could write outside its copy (${facts.writesOutside.join(', ')})`);
  if (facts.shadowVisible) problems.push('/etc/shadow is visible');
  if (facts.siblingReadable) problems.push('a file beside the workspace is readable');
  if (!facts.copyWritable) problems.push('the workspace copy is not writable inside');
  return problems;
}
