import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Task } from '../../../src/engine/task';
import { NodeCandidateProber } from '../../../src/engine/verify/probes/nodeCandidateProber';
import type { VerifyJob } from '../../../src/engine/verify/types';
import { materializeTsJestProject, removeProject, TS_JEST_PROJECT } from '../../fixtures/projects/materialize';

const SLUG_ESM = `import { collapse } from './text.js';\n\nexport function slugify(title) {\n  return collapse(title.toLowerCase());\n}\n`;
const TEXT_ESM = `export const collapse = (s) => s.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');\n`;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bon-probe-node-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function job(root: string, filePath: string, name: string, fileText: string, probes: string[], language: Task['language'] = 'javascript'): VerifyJob {
  const task: Task = { workspaceRoot: root, filePath, fileText, range: { start: 0, end: 0 }, targetKind: 'function', functionName: name, spec: '', testCommand: 'node --test', language };
  return { candidateId: 1, task, fileText, probes } as VerifyJob;
}

for (const sandbox of ['bubblewrap', 'none'] as const) {
  describe(`generated-test probes of JavaScript and TypeScript candidates in the Node worker (sandbox: ${sandbox})`, function () {
    this.timeout(120000);
    const dirs: string[] = [];
    let prober: NodeCandidateProber;
    const signal = new AbortController().signal;

    beforeEach(() => {
      prober = new NodeCandidateProber({ sandbox, timeoutMs: 10000, runningAsRoot: false });
    });
    afterEach(async () => {
      await prober.dispose();
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });

    it('imports an ES module with its sibling imports and answers one token per probe, checks as =true', async () => {
      const root = workspace({ 'package.json': '{"type":"module"}', 'slug.js': SLUG_ESM, 'text.js': TEXT_ESM });
      dirs.push(root);
      const out = await prober.probe(job(root, 'slug.js', 'slugify', SLUG_ESM, ['slugify("Hello World")', 'slugify(7)', '__bonSame(slugify("A b"), "a-b")', '__bonThrows(() => slugify(null))', 'slugify("x".repeat(40))']), signal);
      assert.ok(out.ok, JSON.stringify(out));
      assert.equal(out.sandbox, sandbox);
      const answers = out.behaviour.split('|');
      assert.deepEqual(answers.slice(0, 4), ['="hello-world"', '!TypeError', '=true', '=true']);
      assert.match(answers[4], /^#[0-9a-f]{12}$/, 'a long answer becomes a short hash');
    });

    it('imports a CommonJS module and awaits an async target', async () => {
      const source = `'use strict';\nasync function total(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\nmodule.exports = { total };\n`;
      const root = workspace({ 'package.json': '{"type":"commonjs"}', 'total.js': source });
      dirs.push(root);
      const out = await prober.probe(job(root, 'total.js', 'total', source, ['total([1, 2, 3])', '__bonSame(total([]), 0)', 'total(null)']), signal);
      assert.ok(out.ok, JSON.stringify(out));
      assert.equal(out.behaviour, '=6|=true|!TypeError');
    });

    it('probes a TypeScript candidate of the ts-jest package (types stripped, parameter properties kept, errors by class name)', async () => {
      const root = await materializeTsJestProject();
      try {
        const source = readFileSync(path.join(root, TS_JEST_PROJECT.targetFile), 'utf8');
        const out = await prober.probe(job(root, TS_JEST_PROJECT.targetFile, 'parseDuration', source, ['parseDuration("1h30m")', 'parseDuration("x")', '__bonSame(parseDuration("2d 4h"), 187200)'], 'typescript'), signal);
        assert.ok(out.ok, JSON.stringify(out));
        assert.equal(out.behaviour, '=5400|!DurationSyntaxError|=true');
      } finally {
        await removeProject(root);
      }
    });

    it('cuts off an endless loop in one probe and keeps probing; a candidate that exits at import gives no answers, and the next is probed normally', async () => {
      const loop = `export function f(x) {\n  if (x === 0) for (;;) {}\n  return x * 2;\n}\n`;
      const root = workspace({ 'package.json': '{"type":"module"}', 'f.js': loop });
      dirs.push(root);
      const looped = await prober.probe(job(root, 'f.js', 'f', loop, ['f(0)', 'f(2)']), signal);
      assert.ok(looped.ok, JSON.stringify(looped));
      assert.equal(looped.behaviour, '!timeout|=4');
      const exits = await prober.probe(job(root, 'f.js', 'f', `process.exit(0);\nexport const f = (x) => x;\n`, ['f(1)']), signal);
      assert.ok(exits.ok && exits.behaviour === '!probes-failed', JSON.stringify(exits));
      const next = await prober.probe(job(root, 'f.js', 'f', loop, ['f(3)']), signal);
      assert.ok(next.ok && next.behaviour === '=6', JSON.stringify(next));
    });

    it('cannot start processes, forge a second answer, or write outside its folder', async () => {
      const marker = path.join(tmpdir(), `bon-probe-escape-${process.pid}-${sandbox}`);
      const hostile = [
        `import { execSync } from 'node:child_process';`,
        `import { writeFileSync } from 'node:fs';`,
        `export function spawnIt() { return execSync('echo hi').toString(); }`,
        `export function writeIt() { writeFileSync(${JSON.stringify(marker)}, 'x'); return 'wrote'; }`,
        '',
      ].join('\n');
      const root = workspace({ 'package.json': '{"type":"module"}', 'h.js': hostile });
      dirs.push(root);
      const spawned = await prober.probe(job(root, 'h.js', 'spawnIt', hostile, ['spawnIt()']), signal);
      assert.ok(spawned.ok, JSON.stringify(spawned));
      assert.match(spawned.behaviour, /^!/, 'starting a process fails');
      const wrote = await prober.probe(job(root, 'h.js', 'writeIt', hostile, ['writeIt()']), signal);
      assert.ok(wrote.ok, JSON.stringify(wrote));
      assert.equal(existsSync(marker), false, 'nothing was written outside the job folder');
      const forger = `import { writeSync } from 'node:fs';\nwriteSync(3, JSON.stringify({ behaviour: '=1' }) + '\\n');\nexport const f = (x) => x;\n`;
      const forged = await prober.probe(job(root, 'f.js', 'f', forger, ['f(2)']), signal);
      assert.ok(forged.ok && forged.behaviour === '!probes-failed', `a second answer on the result pipe is not taken: ${JSON.stringify(forged)}`);
    });
  });
}
