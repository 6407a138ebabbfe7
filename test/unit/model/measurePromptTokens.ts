// Prompt tokens one run sends for N = 8 on one task, before and after `n` detection:
//   npx tsx test/unit/model/measurePromptTokens.ts
// The task is `natural_size` of the src-layout fixture project (its docstring holds a ```pycon
// example). Each run talks to a ScriptedModelServer that honours `n`, as vLLM and OpenAI do;
// prompt tokens are counted with tiktoken over the messages of every chat request the server
// received. "Before" is the old custom-profile default (no `n`: one full prompt per sample),
// "after" the `detect` default (the first answer shows `n` works). Early stop is off so every
// run draws all 8. Prints a table; nothing here is asserted.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import type { ChatMessage } from '../../../src/engine/model/types';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { customProfile } from '../../../src/engine/model/providerProfiles';
import type { SolveOptions } from '../../../src/engine/options';
import { solve } from '../../../src/engine/solve';
import { countTokens } from '../../../src/engine/tokens';
import { startScriptedModelServer } from '../../doubles/scriptedModelServer';
import { FakeVerifier } from '../../doubles/fakeVerifier';

const N = 8;
const root = path.join(__dirname, '../../fixtures/projects/py-src-layout');
const file = 'src/unitfmt/sizes.py';
const task = taskForFunction({ workspaceRoot: root, filePath: file, fileText: readFileSync(path.join(root, file), 'utf8'), functionName: 'natural_size', testCommand: '.venv/bin/python -m pytest -q' });
const ANSWER = '```python\ndef natural_size(value, binary=False, precision=1):\n    return str(value)\n```';

async function promptTokensOfRun(supportsN: boolean | 'detect', waves: SolveOptions['waves']): Promise<{ requests: number; tokens: number; perPrompt: number }> {
  const server = await startScriptedModelServer([{ content: ANSWER }], { whenExhausted: 'repeat-last' });
  try {
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: 'm', profile: customProfile({ supportsN }) });
    const options: SolveOptions = {
      model,
      verifier: new FakeVerifier(() => ({ tests: { test_sizes: true } }), 1),
      sampling: { n: N, concurrency: 4 },
      reasoning: {},
      budgets: {},
      earlyStopAgreeing: 0,
      abstainPolicy: 'abstain',
      verifyConcurrency: 2,
      promptTokenBudget: 6000,
      cheatsheetTokenBudget: 0,
      baseline: false,
      ...(waves ? { waves } : {}),
    };
    for await (const event of solve(task, options, new AbortController().signal)) if (event.type === 'run/error') throw new Error(event.message);
    const chats = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
    const sizes = chats.map((r) => ((r.body as { messages: ChatMessage[] }).messages ?? []).reduce((sum, m) => sum + countTokens(m.content) + 4, 0));
    return { requests: chats.length, tokens: sizes.reduce((a, b) => a + b, 0), perPrompt: sizes[0] ?? 0 };
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const rows: [string, string, Awaited<ReturnType<typeof promptTokensOfRun>>][] = [];
  for (const [mode, waves] of [['all at once (CLI default)', undefined], ['adaptive waves 5, 3 (extension default)', {}], ['one wave of 8', { size: 8 }]] as const) {
    rows.push([mode, 'before: no n', await promptTokensOfRun(false, waves)]);
    rows.push([mode, 'after: n detected', await promptTokensOfRun('detect', waves)]);
  }
  console.log(`prompt tokens per run, N = ${N}, task natural_size (${file}), concurrency 4`);
  console.log('| sampling | custom profile | requests | prompt tokens | tokens per prompt |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const [mode, profile, r] of rows) console.log(`| ${mode} | ${profile} | ${r.requests} | ${r.tokens} | ${r.perPrompt} |`);
}

void main();
