import { defaultHumanEvalDir, loadHumanEval } from '../engine/humaneval/dataset';
import { REPLAY_MODEL_ID, startReplayServer } from './replay/replayServer';

export const REPLAY_SERVER_HELP = `best-of-n replay-server — an OpenAI-compatible server that REPLAYS RECORDED SAMPLES.

It is not a model. It answers /v1/chat/completions and /v1/responses only for the 164 HumanEval functions,
recognised from the function's signature in the request, with the 100 real CodeGen-Mono-16B
completions recorded for that task (or, for a request that asks for test cases, the 100
recorded model-written tests). Anything else gets a 400 error saying so. Request i for a task gets
sample i of a seeded shuffle; "n" takes consecutive samples; after the 100th it wraps around.

Usage: best-of-n replay-server [--port 8787] [--host 127.0.0.1] [--seed 1] [--data DIR]
                               [--format fenced|raw] [--verbose]

  --port N        port to listen on (0 picks a free one; default 8787)
  --host H        interface (default 127.0.0.1; there is no authentication)
  --seed N        seed of the per-task sample order (default 1)
  --data DIR      folder with problems.jsonl etc. (default ../shared/data/humaneval)
  --format F      fenced: each completion in a \`\`\`python block (default); raw: verbatim
  --verbose       one log line per request on stderr

Sampling and reasoning knobs (reasoning_effort, reasoning, chat_template_kwargs, temperature,
top_p, max_tokens, …) are checked and recorded — GET /replay/requests lists them — but replayed
answers are recorded samples: only max_tokens changes them (it cuts them). Provider profile: replay.

Model id: ${REPLAY_MODEL_ID}. Any API key is accepted. POST /replay/reset {"task_id"?}
restarts the order. Routes: GET /v1/models, POST /v1/chat/completions (stream or not).`;

function valueOf(argv: string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at < 0) return undefined;
  const value = argv[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
  return value;
}

function integer(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} must be a non-negative integer, got "${text}"`);
  return value;
}

/** `best-of-n replay-server`: runs until SIGINT/SIGTERM. Returns the exit code. */
export async function runReplayServerCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${REPLAY_SERVER_HELP}\n`);
    return 0;
  }
  const known = new Set(['--port', '--host', '--seed', '--data', '--format', '--verbose']);
  for (let i = 0; i < argv.length; i++) {
    if (!known.has(argv[i])) throw new Error(`unknown option "${argv[i]}" (see best-of-n replay-server --help)`);
    if (argv[i] !== '--verbose') i++;
  }
  const format = valueOf(argv, '--format') ?? 'fenced';
  if (format !== 'fenced' && format !== 'raw') throw new Error(`--format must be fenced or raw, got "${format}"`);
  const dataset = await loadHumanEval(valueOf(argv, '--data') ?? defaultHumanEvalDir());
  const verbose = argv.includes('--verbose');
  const server = await startReplayServer({
    dataset,
    seed: integer(valueOf(argv, '--seed'), '--seed', 1),
    port: integer(valueOf(argv, '--port'), '--port', 8787),
    host: valueOf(argv, '--host') ?? '127.0.0.1',
    format,
    logger: verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  process.stdout.write(
    `replay-server: replaying recorded CodeGen-16B samples for ${dataset.problems.length} HumanEval tasks at ${server.url} (model "${REPLAY_MODEL_ID}", profile replay); it can answer nothing else. Knobs are recorded, not acted on. Ctrl+C stops it.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
