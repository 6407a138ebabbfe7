// Measures the Dynamic Cheatsheet on a sequence of sample tasks run with memory on and
// off against the scripted model server (real HTTP, real solve(), real pytest verifier):
// tasks passed, items stored, prompt tokens the items add per request, curator calls,
// memory file size; then retrieval precision@1 on the labelled HumanEval set.
// Run: npx tsx scripts/measure-cheatsheet.ts
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCheatsheet, type Cheatsheet } from '../src/engine/cheatsheet/openCheatsheet';
import { itemTokens } from '../src/engine/cheatsheet/item';
import { rankItems } from '../src/engine/cheatsheet/retrieval';
import type { CheatsheetItem, CheatsheetItemKind, CheatsheetMode } from '../src/engine/cheatsheet/types';
import type { SolveResult } from '../src/engine/events';
import { OpenAIModelClient } from '../src/engine/model/openaiModelClient';
import { PROVIDER_PROFILES } from '../src/engine/model/providerProfiles';
import { solve } from '../src/engine/solve';
import type { Task } from '../src/engine/task';
import { countTokens } from '../src/engine/tokens';
import { createVerifier } from '../src/engine/verify/createVerifier';
import type { Verifier } from '../src/engine/verify/types';
import { startScriptedModelServer, type RecordedRequest, type ScriptedModelServer } from '../test/doubles/scriptedModelServer';
import { loadHumanEvalTasks } from '../test/fixtures/cheatsheet/builders';
import { LOOP_TASKS, loopReply, writeLoopTask } from '../test/fixtures/cheatsheet/loopTasks';
import { ensureLanguageLayer } from '../src/engine/language/registry';

const SEQUENCE = [LOOP_TASKS.roundHalfUp, LOOP_TASKS.meanRounded, LOOP_TASKS.firstWord, LOOP_TASKS.wordCount, LOOP_TASKS.percentRounded, LOOP_TASKS.lastWord];
const N = 2;

interface Row {
  task: string;
  passedOff: boolean;
  passedOn: boolean;
  itemsOffered: number;
  /** Mean over the task's solve requests: tokens with memory minus tokens without. */
  promptTokensAdded: number;
  itemsStored: number;
  fileBytes: number;
}

type Message = { role: string; content: string };

function messagesOf(request: RecordedRequest): Message[] {
  return (request.body as { messages?: Message[] } | undefined)?.messages ?? [];
}

function isCurator(request: RecordedRequest): boolean {
  return messagesOf(request)[0]?.content.startsWith('You curate') ?? false;
}

function promptTokens(request: RecordedRequest): number {
  return messagesOf(request).reduce((sum, m) => sum + countTokens(m.content), 0);
}

async function runOne(task: Task, server: ScriptedModelServer, verifier: Verifier, sheet: Cheatsheet | undefined): Promise<{ result: SolveResult; requests: RecordedRequest[] }> {
  const model = new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: 'scripted-model', profile: PROVIDER_PROFILES.vllm, maxRetries: 0 });
  const first = server.requests.length;
  let result: SolveResult | undefined;
  const options = {
    model, verifier, cheatsheet: sheet?.port, sampling: { n: N, concurrency: N }, reasoning: {}, budgets: {},
    earlyStopAgreeing: 0, abstainPolicy: 'abstain' as const, verifyConcurrency: N, promptTokenBudget: 4_000, cheatsheetTokenBudget: 400,
  };
  for await (const event of solve(task, options, new AbortController().signal)) {
    if (event.type === 'run/error') throw new Error(event.message);
    if (event.type === 'run/finished') result = event.result;
  }
  if (!result) throw new Error('run did not finish');
  const requests = server.requests.slice(first).filter((r) => !isCurator(r) && r.path.startsWith('/v1/chat'));
  if (sheet) await sheet.curate({ task, result, model, signal: new AbortController().signal });
  return { result, requests };
}

async function measureSequence(mode: CheatsheetMode, dir: string, server: ScriptedModelServer, verifier: Verifier): Promise<{ rows: Row[]; curatorCalls: number; curatorTokens: number }> {
  const file = path.join(dir, `memory-${mode}.json`);
  const sheet = await openCheatsheet({ file, mode });
  const rows: Row[] = [];
  const curatorBefore = server.requests.filter(isCurator).length;
  for (const [i, loopTask] of SEQUENCE.entries()) {
    const off = await runOne(await writeLoopTask(loopTask, path.join(dir, `${mode}-off-${i}`)), server, verifier, undefined);
    const on = await runOne(await writeLoopTask(loopTask, path.join(dir, `${mode}-on-${i}`)), server, verifier, sheet);
    const meanTokens = (rs: RecordedRequest[]): number => rs.reduce((s, r) => s + promptTokens(r), 0) / Math.max(1, rs.length);
    const stat = await fs.stat(file).catch(() => undefined);
    rows.push({
      task: loopTask.name,
      passedOff: off.result.choice !== null,
      passedOn: on.result.choice !== null,
      itemsOffered: new Set(on.result.candidates.flatMap((c) => c.cheatsheetItemIds)).size,
      promptTokensAdded: meanTokens(on.requests) - meanTokens(off.requests),
      itemsStored: sheet.list().length,
      fileBytes: stat?.size ?? 0,
    });
  }
  const curatorRequests = server.requests.filter(isCurator).slice(curatorBefore);
  return { rows, curatorCalls: curatorRequests.length, curatorTokens: curatorRequests.reduce((s, r) => s + promptTokens(r), 0) };
}

async function retrievalPrecision(): Promise<{ queries: number; hits: number }> {
  const set = JSON.parse(readFileSync(path.resolve(__dirname, '../test/fixtures/cheatsheet/retrieval-labelled.json'), 'utf8')) as {
    items: { id: string; kind: CheatsheetItemKind; text: string; sourceTask: string }[];
    queries: { taskId: string; relevant: string }[];
  };
  const items: CheatsheetItem[] = set.items.map((i) => ({
    ...i, timesUsed: 0, timesHelped: 0, lastUsed: '2026-01-01T00:00:00Z', createdAt: '2026-01-01T00:00:00Z', tokens: itemTokens(i), pinned: false,
  }));
  const tasks = loadHumanEvalTasks(set.queries.map((q) => q.taskId));
  let hits = 0;
  for (const query of set.queries) {
    const ranked = await rankItems(items, tasks.get(query.taskId) as Task, 'retrieval', { now: new Date(), signal: new AbortController().signal });
    if (ranked[0]?.item.id === query.relevant) hits++;
  }
  return { queries: set.queries.length, hits };
}

async function main(): Promise<void> {
  await ensureLanguageLayer();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'measure-cheatsheet-'));
  const server = await startScriptedModelServer((request) => ({ content: loopReply(messagesOf(request)) }));
  const verifier = createVerifier({ sandbox: 'auto', timeoutMs: 30_000 });
  try {
    for (const mode of ['retrieval', 'cumulative'] as const) {
      const { rows, curatorCalls, curatorTokens } = await measureSequence(mode, dir, server, verifier);
      console.log(`\nmode ${mode}: ${SEQUENCE.length} tasks, n=${N} samples each, verifier ${verifier.description}`);
      console.log('task             off   on    items offered  +prompt tokens/request  items stored  memory file bytes');
      for (const r of rows) {
        console.log(`${r.task.padEnd(16)} ${(r.passedOff ? 'pass' : 'fail').padEnd(5)} ${(r.passedOn ? 'pass' : 'fail').padEnd(5)} ${String(r.itemsOffered).padStart(13)}  ${r.promptTokensAdded.toFixed(1).padStart(22)}  ${String(r.itemsStored).padStart(12)}  ${String(r.fileBytes).padStart(17)}`);
      }
      const passedOff = rows.filter((r) => r.passedOff).length;
      const passedOn = rows.filter((r) => r.passedOn).length;
      const added = rows.filter((r) => r.itemsOffered > 0).map((r) => r.promptTokensAdded);
      console.log(`passed: memory off ${passedOff}/${rows.length}, memory on ${passedOn}/${rows.length}`);
      console.log(`prompt tokens added per request when items were offered: mean ${(added.reduce((s, x) => s + x, 0) / Math.max(1, added.length)).toFixed(1)}, max ${Math.max(0, ...added).toFixed(1)}`);
      console.log(`curator: ${curatorCalls} calls, ${curatorTokens} prompt tokens in all (${(curatorTokens / Math.max(1, curatorCalls)).toFixed(0)} per call)`);
    }
    const { queries, hits } = await retrievalPrecision();
    console.log(`\nretrieval precision@1 (BM25, labelled HumanEval set): ${hits}/${queries} = ${(hits / queries).toFixed(3)}`);
  } finally {
    await verifier.dispose();
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
