#!/usr/bin/env node
import { scrubForLog } from '../engine/secrets/scrubOutput';
import { installTerminationGuards, terminationExitCode } from './termination';

/** One CLI subcommand: loaded lazily so `solve` does not pay for the benchmark's imports. */
interface Subcommand {
  summary: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<number>; help: string }>;
}

/**
 * Subcommands by name. Each entry imports its module only when chosen; add a
 * command by adding a line here (the module exports a runner and its help).
 */
const COMMANDS: Record<string, Subcommand> = {
  solve: {
    summary: 'sample N candidates for a function, run the tests on each, show the best and its diff',
    load: async () => {
      const m = await import('./solveCommand');
      return { run: m.runSolveCommand, help: m.SOLVE_HELP };
    },
  },
  'replay-server': {
    summary: 'serve recorded HumanEval samples over the OpenAI chat API (replays only, not a model)',
    load: async () => {
      const m = await import('./replayServerCommand');
      return { run: m.runReplayServerCommand, help: m.REPLAY_SERVER_HELP };
    },
  },
  bench: {
    summary: 'run the product pipeline on HumanEval with recorded samples; write bench/report.md',
    load: async () => {
      const m = await import('./benchCommand');
      return { run: m.runBenchCommand, help: m.BENCH_HELP };
    },
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: best-of-n <command> [options]', '', 'Commands:', ...lines, '', 'Run `best-of-n <command> --help` for a command’s options.'].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`best-of-n: unknown command "${name}".\n\n${usage()}\n`);
    return 1;
  }
  const loaded = await command.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(loaded.help + '\n');
    return 0;
  }
  return loaded.run(rest);
}

/**
 * Scrubs everything the CLI writes to stderr (see `scrubForLog`): progress lines carry test
 * reasons and rejection messages, `--verbose` carries model logs, and a candidate may have
 * printed `.env` or the environment. One wrapper here covers every writer, present and future.
 */
function scrubStderr(): void {
  type Write = (chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void) => boolean;
  const write = process.stderr.write.bind(process.stderr) as Write;
  const scrubbed: Write = (chunk, encoding, callback) => {
    // Text in another encoding (none is written today) is not ours to re-encode: pass it through.
    if (typeof chunk === 'string' && typeof encoding === 'string' && !/^utf-?8$/i.test(encoding)) return write(chunk, encoding, callback);
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return write(scrubForLog(text), encoding, callback);
  };
  process.stderr.write = scrubbed as typeof process.stderr.write;
}

if (require.main === module) {
  installTerminationGuards();
  scrubStderr();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = terminationExitCode() ?? code;
    },
    (error: unknown) => {
      process.stderr.write(`best-of-n: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
