import { spawn } from 'node:child_process';
import type { ModelClient } from '../../engine/model/types';
import type { HumanEvalProblem } from '../../engine/humaneval/dataset';

/** Python that turns model-written asserts into the calls they make: `f(x) == y` → `f(x)`. Parses only; runs nothing. */
const PROBE_PARSER_PY = String.raw`
import ast, json, sys
req = json.load(sys.stdin)
out = {}
for task_id, item in req.items():
    entry, seen = item['entry'], []
    for text in item['texts']:
        for line in text.split('\n'):
            line = line.strip()
            if not line.startswith('assert'):
                continue
            try:
                node = ast.parse(line).body[0]
            except Exception:
                continue
            test = node.test if isinstance(node, ast.Assert) else None
            if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
                call = test.left
            else:
                call = test
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == entry:
                expr = ast.unparse(call)
                if expr not in seen and len(expr) < 400:
                    seen.append(expr)
            if len(seen) >= item['cap']:
                break
        if len(seen) >= item['cap']:
            break
    out[task_id] = seen
print(json.dumps(out))
`;

function unfence(text: string): string {
  const m = /```[a-z]*\n([\s\S]*?)(```|$)/.exec(text);
  return m ? m[1] : text;
}

/**
 * Asks the model for test cases (the replay server answers with the recorded model-written
 * tests) and keeps the distinct calls of the entry point they make, as inputs on which
 * candidates' answers are compared (CodeT-style behaviour agreement). Expected values are ignored.
 */
export async function probeCalls(
  model: ModelClient,
  problems: readonly HumanEvalProblem[],
  options: { python: string; count: number; cap: number; signal: AbortSignal },
): Promise<Map<string, string[]>> {
  const request: Record<string, { entry: string; texts: string[]; cap: number }> = {};
  for (const problem of problems) {
    const choices = await model.complete(
      { messages: [{ role: 'user', content: problem.testPrompt }], n: options.count, reasoning: {}, temperature: 0.8 },
      options.signal,
    );
    request[problem.taskId] = { entry: problem.entryPoint, texts: choices.map((c) => unfence(c.content)), cap: options.cap };
  }
  const parsed = await new Promise<Record<string, string[]>>((resolve, reject) => {
    const child = spawn(options.python, ['-I', '-c', PROBE_PARSER_PY], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, string[]>) : reject(new Error(`probe parser failed: ${err.slice(-400)}`))));
    child.stdin.end(JSON.stringify(request));
  });
  return new Map(Object.entries(parsed));
}
