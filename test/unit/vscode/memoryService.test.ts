import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openCheatsheet } from '../../../src/engine/cheatsheet/openCheatsheet';
import type { OpenCheatsheetOptions } from '../../../src/engine/cheatsheet/openCheatsheet';
import { ModelError } from '../../../src/engine/model/types';
import type { Task } from '../../../src/engine/task';
import type { MemoryItemView } from '../../../src/protocol';
import { parseHostMessage } from '../../../src/protocolHostMessages';
import { MemoryService } from '../../../src/vscode/memoryService';
import type { BestOfNSettings } from '../../../src/vscode/settings';
import { readSettings } from '../../../src/vscode/settings';
import { CannedModelClient } from '../../doubles/cannedModelClient';
import { RecordingLog } from '../../doubles/recordingLog';
import { makeCandidate, makeResult } from '../../doubles/scriptedSolve';

function settingsWith(values: Record<string, unknown>): BestOfNSettings {
  return readSettings({ get: <T>(key: string) => values[key] as T | undefined }).settings;
}

const task: Task = { workspaceRoot: '/ws', filePath: 'a.py', fileText: 'def f():\n    pass\n', range: { start: 0, end: 17 }, targetKind: 'function', functionName: 'f', spec: 'Return one.', testCommand: 'pytest', language: 'python' };

describe('MemoryService', () => {
  let dir: string;
  let published: MemoryItemView[][];
  let opened: OpenCheatsheetOptions[];
  let log: RecordingLog;
  let service: MemoryService;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'best-of-n-memory-test-'));
    published = [];
    opened = [];
    log = new RecordingLog();
    service = new MemoryService(
      { workspaceDir: path.join(dir, 'ws'), globalDir: path.join(dir, 'global') },
      (options) => {
        opened.push(options);
        return openCheatsheet(options);
      },
      log,
      (items) => published.push(items),
    );
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is absent when switched off, and publishes no items', async () => {
    const off = settingsWith({ 'cheatsheet.enabled': false });
    assert.equal(await service.get(off), undefined);
    await service.refresh(off);
    assert.deepEqual(published, [[]]);
    await assert.rejects(service.exportJson(off), /switched off/);
  });

  it('opens the workspace and global files once per configuration, and reopens when it changes', async () => {
    const on = settingsWith({});
    const a = await service.get(on);
    const b = await service.get(on);
    assert.equal(a, b);
    assert.equal(opened.length, 1);
    assert.equal(opened[0]?.file, path.join(dir, 'ws', 'cheatsheet.json'));
    assert.equal(opened[0]?.globalFile, path.join(dir, 'global', 'cheatsheet.json'));
    assert.equal(opened[0]?.mode, 'retrieval');
    await service.get(settingsWith({ 'cheatsheet.mode': 'cumulative' }));
    assert.equal(opened.length, 2);
    assert.equal(opened[1]?.mode, 'cumulative');
  });

  it('applies Memory-view edits, saves them, and publishes valid item views', async () => {
    const on = settingsWith({});
    const sheet = await service.get(on);
    assert.ok(sheet);
    const item = await sheet.change((s) => s.add({ kind: 'strategy', text: 'Sort first, then compare neighbours.', sourceTask: 'a.py f' }));
    await service.apply(on, { type: 'memory/pin', id: item.id, pinned: true });
    await service.apply(on, { type: 'memory/edit', id: item.id, text: 'Sort, then compare adjacent pairs.' });
    const last = published.at(-1);
    assert.equal(last?.length, 1);
    assert.equal(last?.[0]?.pinned, true);
    assert.equal(last?.[0]?.text, 'Sort, then compare adjacent pairs.');
    assert.ok(parseHostMessage({ type: 'memory/changed', items: last }));
    const saved = readFileSync(path.join(dir, 'ws', 'cheatsheet.json'), 'utf8');
    assert.match(saved, /compare adjacent pairs/);
    await service.apply(on, { type: 'memory/delete', id: item.id });
    assert.deepEqual(published.at(-1), []);
    await assert.rejects(service.apply(on, { type: 'memory/pin', id: 'no-such-id', pinned: true }), /no cheatsheet item/);
  });

  it('credits offered items from test results even when the curator call fails', async () => {
    const on = settingsWith({});
    const sheet = await service.get(on);
    assert.ok(sheet);
    const item = await sheet.change((s) => s.add({ kind: 'pitfall', text: 'Empty lists have no pairs.', sourceTask: 'a.py f' }));
    const passed = makeCandidate(1, { state: 'passed', code: 'def f():\n    return 1\n', cheatsheetItemIds: [item.id], verification: { status: 'passed', tests: [{ name: 't', status: 'passed' }], passed: 1, failed: 0, total: 1, reportFormat: 'junit', exitCode: 0, durationMs: 1, output: '', outputTruncated: false, sandbox: 'none' } });
    const model = new CannedModelClient([new ModelError('server down', 'server', 503)]);
    await service.curate(on, { task, result: makeResult('r', [passed]), model, signal: new AbortController().signal });
    const after = published.at(-1)?.find((i) => i.id === item.id);
    assert.equal(after?.timesUsed, 1);
    assert.equal(after?.timesHelped, 1);
    assert.match(log.lines.join('\n'), /Memory: credited 1 item/);
  });

  it('exports and imports through the engine format', async () => {
    const on = settingsWith({});
    const sheet = await service.get(on);
    assert.ok(sheet);
    await sheet.change((s) => s.add({ kind: 'snippet', text: 'abs(a - b) < t', sourceTask: 'x' }));
    const text = await service.exportJson(on);
    await service.apply(on, { type: 'memory/clear' });
    assert.deepEqual(published.at(-1), []);
    const result = await service.importJson(on, text);
    assert.equal(result.imported, 1);
    assert.equal(published.at(-1)?.[0]?.text, 'abs(a - b) < t');
    await assert.rejects(service.importJson(on, '{"not":"an export"}'));
    assert.equal(published.at(-1)?.length, 1, 'a bad import changes nothing');
  });
});
