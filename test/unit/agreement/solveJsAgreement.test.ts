import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { SolveResult } from '../../../src/engine/events';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { solve } from '../../../src/engine/solve';
import type { Task } from '../../../src/engine/task';
import { verifierForTask } from '../../../src/engine/verify/verifierForTask';
import { materializeTsJestProject, removeProject, TS_JEST_PROJECT } from '../../fixtures/projects/materialize';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { options } from '../engine/solveHelpers';
import { CSVLINE, makeCsvline, makeSlugkit, SLUGKIT } from './jsProjects';

const fence = (code: string): string => `\`\`\`js\n${code}\n\`\`\``;

/** One solve over real HTTP with the shipped verifier choice (the project's own test command, the Node probe worker). */
async function solveWith(task: Task, replies: string[], generated: boolean): Promise<{ result: SolveResult; server: ScriptedModelServer }> {
  const server = await startScriptedModelServer(replies.map((content) => ({ content })));
  const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
  const choice = await verifierForTask(task, { sandbox: 'auto', timeoutMs: 60000 });
  try {
    const opts = options(model, choice.verifier, { sampling: { n: replies.length - (generated ? 1 : 0), concurrency: 1 }, verifyConcurrency: 1, ...(generated ? { generatedTests: { count: 1, cap: 10, python: 'python3' } } : {}) });
    for await (const e of solve(task, opts, new AbortController().signal)) if (e.type === 'run/finished') return { result: e.result, server };
    throw new Error('no result');
  } finally {
    await choice.verifier.dispose();
    await server.close();
  }
}

function assertAgreeingPick(result: SolveResult, correct: number[], lookalike: number): void {
  for (const c of result.candidates) assert.equal(c.verification?.status, 'passed', `#${c.id} passes the user's tests: ${c.verification?.reason ?? ''}`);
  const behaviours = result.candidates.map((c) => c.verification?.behaviour);
  assert.ok(behaviours.every((b) => b !== undefined && !b.startsWith('!probes')), `every passing candidate was probed: ${JSON.stringify(behaviours)}`);
  assert.ok(correct.includes(result.choice?.candidateId ?? -1), `picked #${result.choice?.candidateId}, not the look-alike #${lookalike}`);
  const pick = result.candidates.find((c) => c.id === result.choice?.candidateId);
  assert.equal(pick?.score?.agreement, 2, 'the two correct candidates agree');
}

describe('solve() with generated tests on JavaScript and TypeScript projects: the look-alike loses to the agreeing pair', function () {
  this.timeout(300000);

  it('an ES module package tested with node --test', async () => {
    const root = makeSlugkit();
    try {
      const task = taskForFunction({ workspaceRoot: root, filePath: SLUGKIT.file, fileText: SLUGKIT.source, functionName: 'slugify', testCommand: SLUGKIT.testCommand });
      const lookalike = fence("export function slugify(title) {\n  return title.toLowerCase().split(' ').join('-');\n}");
      const regex = fence("export function slugify(title) {\n  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');\n}");
      const loop = fence(
        "export function slugify(title) {\n  const words = [];\n  let word = '';\n  for (const ch of title.toLowerCase()) {\n    if (/[a-z0-9]/.test(ch)) word += ch;\n    else if (word) { words.push(word); word = ''; }\n  }\n  if (word) words.push(word);\n  return words.join('-');\n}",
      );
      const tests = "assert.equal(slugify('  Best -- of   N!  '), 'best-of-n');\nassert.equal(slugify('a_b'), 'a-b');\nassert.equal(slugify('Hello World'), 'Hello-World');";
      const without = await solveWith(task, [lookalike, regex, loop], false);
      assert.equal(without.result.choice?.candidateId, 1, 'the visible tests alone cannot tell the look-alike apart');
      const { result, server } = await solveWith(task, [tests, lookalike, regex, loop], true);
      assert.match(JSON.stringify(server.requests[0]?.body), /check the correctness of slugify/);
      assertAgreeingPick(result, [2, 3], 1);
      assert.match(result.candidates[0].verification?.behaviour ?? '', /=false/, 'the look-alike fails a generated test');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a CommonJS package with mocha-style tests', async () => {
    const root = makeCsvline();
    try {
      const task = taskForFunction({ workspaceRoot: root, filePath: CSVLINE.file, fileText: CSVLINE.source, functionName: 'splitCsvLine', testCommand: CSVLINE.testCommand });
      const lookalike = fence("function splitCsvLine(line) {\n  const out = [];\n  let cur = '';\n  let quoted = false;\n  for (const ch of line) {\n    if (ch === '\"') quoted = !quoted;\n    else if (ch === ',' && !quoted) { out.push(cur); cur = ''; }\n    else cur += ch;\n  }\n  out.push(cur);\n  return out;\n}");
      const loop = fence("function splitCsvLine(line) {\n  const out = [];\n  let cur = '';\n  let quoted = false;\n  for (let i = 0; i < line.length; i++) {\n    const ch = line[i];\n    if (ch === '\"' && quoted && line[i + 1] === '\"') { cur += '\"'; i++; }\n    else if (ch === '\"') quoted = !quoted;\n    else if (ch === ',' && !quoted) { out.push(cur); cur = ''; }\n    else cur += ch;\n  }\n  out.push(cur);\n  return out;\n}");
      const scan = fence("function splitCsvLine(line) {\n  const fields = [];\n  let at = 0;\n  for (;;) {\n    let field = '';\n    if (line[at] === '\"') {\n      at++;\n      while (at < line.length) {\n        if (line[at] === '\"' && line[at + 1] === '\"') { field += '\"'; at += 2; }\n        else if (line[at] === '\"') { at++; break; }\n        else field += line[at++];\n      }\n    }\n    while (at < line.length && line[at] !== ',') field += line[at++];\n    fields.push(field);\n    if (at >= line.length) return fields;\n    at++;\n  }\n}");
      const tests = "```js\nassert.deepStrictEqual(splitCsvLine('\"a\"\"b\",c'), ['a\"b', 'c']);\nassert.deepStrictEqual(splitCsvLine(''), ['']);\n```";
      const { result } = await solveWith(task, [tests, lookalike, loop, scan], true);
      assertAgreeingPick(result, [2, 3], 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a TypeScript package tested with jest and ts-jest', async () => {
    const root = await materializeTsJestProject();
    try {
      const fileText = readFileSync(path.join(root, TS_JEST_PROJECT.targetFile), 'utf8');
      const task = taskForFunction({ workspaceRoot: root, filePath: TS_JEST_PROJECT.targetFile, fileText, functionName: 'parseDuration', testCommand: TS_JEST_PROJECT.testCommand });
      const original = fileText.slice(task.range.start, task.range.end);
      // Skips tabs as well as spaces: no user test has a tab, so it passes all 36.
      const lookalike = original.replace("while (text[position] === ' ') position++;", "while (/\\s/.test(text[position] ?? '')) position++;");
      const renamed = original.replace('let total = 0;', 'let sum = 0;').replace('total += amount', 'sum += amount').replace('return total;', 'return sum;');
      assert.notEqual(lookalike, original);
      assert.notEqual(renamed, original);
      const tests = "```ts\nexpect(() => parseDuration('1h\\t30m')).toThrow();\nexpect(parseDuration('1w 1s')).toBe(604801);\n```";
      const { result } = await solveWith(task, [tests, ...[lookalike, original, renamed].map((c) => `\`\`\`ts\n${c}\n\`\`\``)], true);
      assertAgreeingPick(result, [2, 3], 1);
    } finally {
      await removeProject(root);
    }
  });
});
