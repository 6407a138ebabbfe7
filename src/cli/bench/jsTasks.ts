import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** One expected outcome of a call: a value (JavaScript source) or a throw. */
export type Expectation = string | { throws: true };

/** `bench/js-tasks/<id>/task.json`. */
export interface JsTaskSpec {
  function: string;
  params: string;
  module: 'esm' | 'cjs';
  /** The function's documentation, as the user wrote it: the spec the model gets. */
  doc: string;
  /** The user's tests: [argument source, expectation]. */
  visible: [string, Expectation][];
  /** The tests that decide whether a pick is right; never shown to the model or the engine. */
  hidden: [string, Expectation][];
  /** The model's answer to the generated-test prompt, as a model would write it. */
  generatedTests: string;
}

/** One scripted candidate: its code and how many of the drawn samples it is. */
export interface JsCandidate {
  /** File name without `.xN.js`: `correct-…`, `lookalike-…` (passes the visible tests, wrong on hidden) or `broken-…`. */
  label: string;
  kind: 'correct' | 'lookalike' | 'broken';
  code: string;
  copies: number;
}

export interface JsTask {
  id: string;
  spec: JsTaskSpec;
  candidates: JsCandidate[];
}

/** Reads every task folder under `dir`; throws naming the file on malformed data. */
export function loadJsTasks(dir: string): JsTask[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((id) => {
      const folder = path.join(dir, id);
      const spec = JSON.parse(readFileSync(path.join(folder, 'task.json'), 'utf8')) as JsTaskSpec;
      if (!spec.function || !spec.visible?.length || !spec.hidden?.length) throw new Error(`${folder}/task.json lacks function, visible or hidden`);
      const candidates = readdirSync(path.join(folder, 'candidates'))
        .filter((n) => n.endsWith('.js'))
        .sort()
        .map((name) => {
          const m = /^((correct|lookalike|broken)-[\w-]+)\.x(\d+)\.js$/.exec(name);
          if (!m) throw new Error(`${folder}/candidates/${name}: expected KIND-NAME.xCOPIES.js`);
          return { label: m[1], kind: m[2] as JsCandidate['kind'], code: readFileSync(path.join(folder, 'candidates', name), 'utf8'), copies: Number(m[3]) };
        });
      return { id, spec, candidates };
    });
}

/** The samples of a task in a seeded order: each candidate as many times as it has copies. */
export function sampleOrder(task: JsTask, seed: number): JsCandidate[] {
  const samples = task.candidates.flatMap((c) => Array.from({ length: c.copies }, () => c));
  // A small LCG is enough: the order only has to differ between tasks and be the same every run.
  let state = (seed * 7919 + task.id.length * 104729 + [...task.id].reduce((s, ch) => s + ch.charCodeAt(0), 0)) >>> 0;
  for (let i = samples.length - 1; i > 0; i--) {
    state = (state * 1664525 + 1013904223) >>> 0;
    const j = state % (i + 1);
    [samples[i], samples[j]] = [samples[j], samples[i]];
  }
  return samples;
}

const STUB = "  throw new Error('not implemented');";

/** The target file as the user has it: documentation, signature and a stub body. */
export function targetSource(spec: JsTaskSpec): string {
  const doc = `/**\n${spec.doc.match(/.{1,90}(\s|$)/g)?.map((l) => ` * ${l.trim()}`).join('\n') ?? ''}\n */`;
  if (spec.module === 'esm') return `${doc}\nexport function ${spec.function}(${spec.params}) {\n${STUB}\n}\n`;
  return `'use strict';\n\n${doc}\nfunction ${spec.function}(${spec.params}) {\n${STUB}\n}\n\nmodule.exports = { ${spec.function} };\n`;
}

function testFile(spec: JsTaskSpec, cases: [string, Expectation][]): string {
  const head =
    spec.module === 'esm'
      ? `import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { ${spec.function} } from '../src/${spec.function}.js';\n`
      : `'use strict';\nconst { test } = require('node:test');\nconst assert = require('node:assert/strict');\nconst { ${spec.function} } = require('../src/${spec.function}.js');\n`;
  const body = cases.map(([args, expected], i) => {
    const call = `${spec.function}(${args})`;
    const check = typeof expected === 'string' ? `assert.deepStrictEqual(${call}, ${expected});` : `assert.throws(() => ${call});`;
    return `test(${JSON.stringify(`case ${i + 1}: ${call}`)}, () => {\n  ${check}\n});\n`;
  });
  return [head, ...body].join('\n');
}

/** The file the target lives in, relative to the project. */
export function targetFile(spec: JsTaskSpec): string {
  return `src/${spec.function}.js`;
}

/**
 * Writes the task's project (package.json, the stubbed target, its tests under test/) into a
 * fresh temp folder: with the visible tests for the run, or with the hidden ones for scoring.
 */
export function writeJsProject(spec: JsTaskSpec, which: 'visible' | 'hidden'): string {
  const root = mkdtempSync(path.join(tmpdir(), `bon-jsbench-${which}-`));
  mkdirSync(path.join(root, 'src'));
  mkdirSync(path.join(root, 'test'));
  const pkg = { name: `bench-${spec.function.toLowerCase()}`, version: '1.0.0', private: true, type: spec.module === 'esm' ? 'module' : 'commonjs', scripts: { test: 'node --test' } };
  writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(path.join(root, targetFile(spec)), targetSource(spec));
  writeFileSync(path.join(root, 'test', `${spec.function}.test.js`), testFile(spec, which === 'visible' ? spec.visible : spec.hidden));
  return root;
}
