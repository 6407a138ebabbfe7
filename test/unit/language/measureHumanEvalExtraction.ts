// Extraction over every recorded HumanEval sample (164 tasks x 100 CodeGen-16B completions), as
// body targets the way the benchmark builds them:
//   npx tsx test/unit/language/measureHumanEvalExtraction.ts [out.json]
// Prints accepted/rejected counts and the most common rejection reasons; with `out.json` it
// writes each sample's outcome so two revisions can be compared sample by sample. Nothing here
// is asserted.
import { readFileSync, writeFileSync } from 'node:fs';
import { extractCode } from '../../../src/engine/extract/extractCode';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';

const DATA = '/work/shared/data/humaneval';

interface Row {
  task_id: string;
  prompt: string;
  samples: string[];
}

function jsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);
}

async function main(): Promise<void> {
  const layer = (await import('../../../src/engine/language/registry').catch(() => undefined)) as { ensureLanguageLayer?: () => Promise<void> } | undefined;
  await layer?.ensureLanguageLayer?.();
  const entry = new Map(jsonl<{ task_id: string; entry_point: string }>(`${DATA}/problems.jsonl`).map((p) => [p.task_id, p.entry_point]));
  const outcomes: { id: string; ok: boolean; text: string }[] = [];
  const reasons = new Map<string, number>();
  const started = performance.now();
  for (const row of jsonl<Row>(`${DATA}/codegen16b-samples.jsonl`)) {
    const task = taskForFunction({ workspaceRoot: '/w', filePath: 'solution.py', fileText: `${row.prompt}    raise NotImplementedError\n`, functionName: entry.get(row.task_id) as string, testCommand: 'python3 -m pytest -q', targetKind: 'body' });
    row.samples.forEach((sample, i) => {
      const e = extractCode(task, sample);
      outcomes.push({ id: `${row.task_id}#${i}`, ok: e.ok, text: e.ok ? e.code : e.reason });
      if (!e.ok) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
    });
  }
  const ms = performance.now() - started;
  const accepted = outcomes.filter((o) => o.ok).length;
  console.log(`samples ${outcomes.length}  accepted ${accepted}  rejected ${outcomes.length - accepted}  (${(ms / 1000).toFixed(1)} s)`);
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${String(count).padStart(5)}  ${reason}`);
  if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(outcomes));
}

void main();
