import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHEATSHEET_SCHEMA_VERSION } from '../../../src/engine/cheatsheet/cheatsheetFile';
import { exportCheatsheet } from '../../../src/engine/cheatsheet/exchange';
import { withFileLock } from '../../../src/engine/cheatsheet/fileLock';
import { openCheatsheet } from '../../../src/engine/cheatsheet/openCheatsheet';
import type { CheatsheetItem } from '../../../src/engine/cheatsheet/types';

const WRITER = path.resolve(__dirname, '../../fixtures/cheatsheet/writerProcess.ts');

interface Logged {
  level: string;
  message: string;
}

function collector(): { log: (level: 'info' | 'warn' | 'error', message: string) => void; lines: Logged[] } {
  const lines: Logged[] = [];
  return { lines, log: (level, message) => lines.push({ level, message }) };
}

function runWriter(args: string[], onStdout?: (line: string, pid: number) => void): { done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>; pid: number } {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const line of chunk.toString().split('\n').filter(Boolean)) onStdout?.(line, child.pid ?? -1);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { done, pid: child.pid ?? -1 };
}

describe('cheatsheet persistence', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cheatsheet-'));
    file = path.join(dir, 'cheatsheet.json');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('round-trips items through a versioned JSON file', async () => {
    const sheet = await openCheatsheet({ file, mode: 'cumulative' });
    const item = sheet.add({ kind: 'snippet', text: 'from math import gcd', sourceTask: 'a.py:f' });
    sheet.setPinned(item.id, true);
    await sheet.commit();
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as { schemaVersion: number; scope: string; items: CheatsheetItem[] };
    assert.equal(data.schemaVersion, CHEATSHEET_SCHEMA_VERSION);
    assert.equal(data.scope, 'workspace');
    assert.equal(data.items[0].text, 'from math import gcd');
    assert.equal('scope' in data.items[0], false, 'scope is the file’s, not stored per item');
    const reopened = await openCheatsheet({ file, mode: 'cumulative' });
    assert.deepEqual(reopened.list(), sheet.list());
    assert.equal(readdirSync(dir).filter((name) => name !== 'cheatsheet.json').length, 0, 'no temp or lock files left');
  });

  it('creates the storage folder on first use', async () => {
    const nested = path.join(dir, 'globalStorage', 'best-of-n', 'cheatsheet.json');
    const sheet = await openCheatsheet({ file: nested, mode: 'retrieval' });
    sheet.add({ kind: 'strategy', text: 'first item', sourceTask: 't' });
    await sheet.commit();
    assert.equal((await openCheatsheet({ file: nested, mode: 'retrieval' })).list().length, 1);
  });

  it('fails to open with a clear error when the path is a folder', async () => {
    await fs.mkdir(file);
    await assert.rejects(openCheatsheet({ file, mode: 'cumulative' }), /could not open the workspace cheatsheet .*cheatsheet\.json: EISDIR/);
  });

  it('moves a corrupt file aside with a warning and keeps working with an empty memory', async () => {
    await fs.writeFile(file, '{"schemaVersion": 1, "items": [ {"id": "cs-1", "kind": "strat');
    const { log, lines } = collector();
    const sheet = await openCheatsheet({ file, mode: 'cumulative', log });
    assert.deepEqual(sheet.list(), []);
    const aside = readdirSync(dir).filter((name) => name.startsWith('cheatsheet.json.corrupt-'));
    assert.equal(aside.length, 1);
    assert.equal(await fs.readFile(path.join(dir, aside[0]), 'utf8'), '{"schemaVersion": 1, "items": [ {"id": "cs-1", "kind": "strat');
    assert.ok(lines.some((l) => l.level === 'warn' && l.message.includes('not valid JSON') && l.message.includes(aside[0])));
    sheet.add({ kind: 'strategy', text: 'still works', sourceTask: 'x' });
    await sheet.commit();
    assert.equal((await openCheatsheet({ file, mode: 'cumulative' })).list().length, 1);
  });

  it('keeps the valid items of a file with invalid ones and saves the original bytes', async () => {
    const good = { id: 'cs-good', kind: 'pitfall', text: 'check n < 2', sourceTask: 't', timesUsed: 2, timesHelped: 1, lastUsed: '2026-01-01T00:00:00Z', tokens: 999, pinned: false };
    const original = JSON.stringify({ schemaVersion: 1, scope: 'workspace', items: [good, { id: 'cs-bad', kind: 'rumour', text: 'x' }] });
    await fs.writeFile(file, original);
    const { log, lines } = collector();
    const sheet = await openCheatsheet({ file, mode: 'cumulative', log });
    assert.deepEqual(sheet.list().map((i) => i.id), ['cs-good']);
    assert.notEqual(sheet.list()[0].tokens, 999, 'token counts are recomputed, not trusted');
    const backups = readdirSync(dir).filter((name) => name.includes('.corrupt-'));
    assert.equal(backups.length, 1);
    assert.equal(await fs.readFile(path.join(dir, backups[0]), 'utf8'), original);
    assert.ok(lines.some((l) => l.level === 'warn' && l.message.includes('bad kind')));
  });

  it('opens a file from a newer schema read-only and never rewrites it', async () => {
    const newer = JSON.stringify({ schemaVersion: CHEATSHEET_SCHEMA_VERSION + 1, scope: 'workspace', items: [] });
    await fs.writeFile(file, newer);
    const { log, lines } = collector();
    const sheet = await openCheatsheet({ file, mode: 'cumulative', log });
    assert.match(sheet.readOnlyReasons().workspace ?? '', /newer/);
    assert.throws(() => sheet.add({ kind: 'strategy', text: 'x', sourceTask: 'y' }), /read-only/);
    assert.equal(await fs.readFile(file, 'utf8'), newer);
    assert.ok(lines.some((l) => l.level === 'warn' && l.message.includes('read-only')));
  });

  it('merges the changes of two windows on one file: adds, deletes and credits all survive', async () => {
    const a = await openCheatsheet({ file, mode: 'cumulative' });
    const b = await openCheatsheet({ file, mode: 'cumulative' });
    const shared = a.add({ kind: 'strategy', text: 'shared item', sourceTask: 't' });
    const doomed = a.add({ kind: 'strategy', text: 'doomed item', sourceTask: 't' });
    await a.commit();
    await b.refresh();
    a.credit(shared.id, 2, 1);
    a.delete(doomed.id);
    b.credit(shared.id, 3, 3);
    b.add({ kind: 'pitfall', text: 'from window b', sourceTask: 't' });
    await Promise.all([a.commit(), b.commit()]);
    const final = await openCheatsheet({ file, mode: 'cumulative' });
    const byText = new Map(final.list().map((i) => [i.text, i]));
    assert.deepEqual([...byText.keys()].sort(), ['from window b', 'shared item']);
    assert.equal(byText.get('shared item')?.timesUsed, 5);
    assert.equal(byText.get('shared item')?.timesHelped, 4);
  });

  it('sees another window’s items on retrieval without reopening', async () => {
    const a = await openCheatsheet({ file, mode: 'cumulative' });
    const b = await openCheatsheet({ file, mode: 'cumulative' });
    let aChanges = 0;
    let bChanges = 0;
    a.onDidChange(() => aChanges++);
    const unsubscribe = b.onDidChange(() => bChanges++);
    a.add({ kind: 'strategy', text: 'written by a', sourceTask: 't' });
    await a.commit();
    await a.commit(); // nothing pending: no event
    assert.equal(aChanges, 1);
    const items = await b.port.retrieve({ workspaceRoot: dir, filePath: 'f.py', fileText: '', range: { start: 0, end: 0 }, targetKind: 'selection', spec: '', testCommand: 'true', language: 'python' }, 1000, new AbortController().signal);
    assert.deepEqual(items.map((i) => i.text), ['written by a']);
    assert.equal(bChanges, 1, 'the re-read tells b’s views');
    unsubscribe();
    a.add({ kind: 'strategy', text: 'again', sourceTask: 't' });
    await a.commit();
    await b.refresh();
    assert.equal(bChanges, 1);
  });

  it('breaks a lock left by a dead process, and times out clearly on a live one', async () => {
    const lock = `${file}.lock`;
    await fs.writeFile(lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), token: 'dead', at: Date.now() }));
    const sheet = await openCheatsheet({ file, mode: 'cumulative' });
    sheet.add({ kind: 'strategy', text: 'after a crash', sourceTask: 't' });
    await sheet.commit();
    assert.equal(existsSync(lock), false);
    await withFileLock(lock, async () => {
      const other = await openCheatsheet({ file: path.join(dir, 'other.json'), mode: 'cumulative' });
      other.add({ kind: 'strategy', text: 'unrelated file is not blocked', sourceTask: 't' });
      await other.commit();
      sheet.add({ kind: 'strategy', text: 'blocked', sourceTask: 't' });
      const slow = await openCheatsheet({ file, mode: 'cumulative', lockTimeoutMs: 200 }).catch((error: Error) => error);
      assert.ok(slow instanceof Error && /timed out after 200 ms/.test(slow.message));
    });
  });

  it('breaks a lock that is older than the stale limit even if its pid looks alive', async () => {
    const lock = `${file}.lock`;
    await fs.writeFile(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'hung', at: Date.now() }));
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(lock, old, old);
    const sheet = await openCheatsheet({ file, mode: 'cumulative' });
    sheet.add({ kind: 'strategy', text: 'after a hung writer', sourceTask: 't' });
    await sheet.commit();
    assert.equal(existsSync(lock), false);
    assert.equal((await openCheatsheet({ file, mode: 'cumulative' })).list().length, 1);
  });

  it('leaves the old file intact when the writer is killed mid-write', async () => {
    const bigItems: CheatsheetItem[] = Array.from({ length: 1500 }, (_, i) => ({
      id: `cs-big-${i}`, kind: 'snippet', text: `big item ${i} ${'lorem ipsum dolor '.repeat(400)}`, sourceTask: 'big',
      timesUsed: 0, timesHelped: 0, lastUsed: '2026-01-01T00:00:00Z', tokens: 0, pinned: false,
    }));
    const exportFile = path.join(dir, 'big-export.json');
    await fs.writeFile(exportFile, exportCheatsheet(bigItems, new Date()));
    // The kill races the write; a disk fast enough to finish first just means another try.
    for (let attempt = 1; attempt <= 4; attempt++) {
      const home = await fs.mkdtemp(path.join(dir, `attempt-${attempt}-`));
      const target = path.join(home, 'cheatsheet.json');
      const sheet = await openCheatsheet({ file: target, mode: 'cumulative' });
      sheet.add({ kind: 'strategy', text: 'the old content', sourceTask: 't' });
      await sheet.commit();
      const before = await fs.readFile(target, 'utf8');
      const writer = runWriter(['import-big', target, exportFile], (line, pid) => {
        if (line !== 'writing') return;
        // Poll for the writer's temp file and kill it the moment the write is under way.
        const poll = setInterval(() => {
          if (readdirSync(home).some((name) => name.startsWith(`cheatsheet.json.tmp-${pid}-`))) {
            process.kill(pid, 'SIGKILL');
            clearInterval(poll);
          }
        }, 1);
        void writer.done.then(() => clearInterval(poll));
      });
      const outcome = await writer.done;
      if (outcome.signal !== 'SIGKILL') {
        assert.equal(outcome.code, 0, outcome.stderr);
        continue;
      }
      assert.equal(await fs.readFile(target, 'utf8'), before, 'the old file is byte-for-byte intact');
      assert.ok(existsSync(`${target}.lock`), 'the dead writer left its lock');
      const { log, lines } = collector();
      const after = await openCheatsheet({ file: target, mode: 'cumulative', log });
      assert.deepEqual(after.list().map((i) => i.text), ['the old content']);
      assert.ok(lines.some((l) => l.message.includes('temp file')), 'the orphaned temp file is swept');
      assert.deepEqual(readdirSync(home), ['cheatsheet.json']);
      return;
    }
    assert.fail('the writer finished before it could be killed mid-write in 4 attempts');
  });

  it('loses nothing when two processes write at once (50 items each)', async () => {
    const barrier = await fs.mkdtemp(path.join(dir, 'barrier-'));
    const one = runWriter(['add', file, 'alpha', '50', barrier, '2']);
    const two = runWriter(['add', file, 'beta', '50', barrier, '2']);
    const [r1, r2] = await Promise.all([one.done, two.done]);
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(r2.code, 0, r2.stderr);
    const sheet = await openCheatsheet({ file, mode: 'cumulative', capacityTokens: 1_000_000 });
    const texts = new Set(sheet.list().map((i) => i.text));
    assert.equal(texts.size, 100);
    for (let i = 0; i < 50; i++) {
      assert.ok(texts.has(`alpha insight number ${i}`) && texts.has(`beta insight number ${i}`), `item ${i} missing`);
    }
    // The writers really ran at once: each one's add-and-commit loop overlapped the other's.
    const span = (stdout: string): [number, number] => {
      const match = /done (\d+) (\d+)/.exec(stdout);
      assert.ok(match, `no timing in ${stdout}`);
      return [Number(match[1]), Number(match[2])];
    };
    const [s1, e1] = span(r1.stdout);
    const [s2, e2] = span(r2.stdout);
    assert.ok(s1 < e2 && s2 < e1, `writers did not overlap: ${s1}-${e1} vs ${s2}-${e2}`);
  });
});
