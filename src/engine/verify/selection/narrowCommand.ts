import type { RelatedTest } from '../../task';
import { prepareTestCommand, shellQuote, type RunnerKind } from '../runnerDetection';

/** A test command cut down to some tests, or why it could not be. */
export type NarrowedCommand = { ok: true; command: string; runner: RunnerKind } | { ok: false; reason: string };

/** Options whose value is the next word; a word after any other flag is the command's own test path. */
const VALUE_FLAGS = new Set(['-t', '--testNamePattern', '-g', '--grep', '-k', '-m', '-c', '-p', '-o', '-n', '-W', '-r', '--import', '--require', '--loader', '--experimental-loader', '--config', '--rootdir', '--tb', '--maxfail', '--durations', '--ignore', '--deselect']);

/** Options that take no value: a word after them is a test path. */
const BOOLEAN_FLAGS = new Set(['-q', '-qq', '-v', '-vv', '-x', '-s', '-l', '--quiet', '--verbose', '--exitfirst', '--no-header', '--ci', '--silent', '--runInBand', '-i', '--bail', '--test', '--passWithNoTests']);

/** Most selected tests put on one command line; beyond it the whole command is cheaper to reason about. */
const MAX_SELECTED = 200;

/** Regex special characters, escaped for a name pattern (jest `-t`, mocha `--grep`). */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A pattern matching a test's full name as the runner prints it: `test.each` titles hold
 * printf placeholders (`%s`, `%j`) and `$field` references that the runner fills in.
 */
export function namePattern(name: string): string {
  return escapeRegex(name).replace(/%[sdifjoOp#]/g, '.*').replace(/\\\$[A-Za-z_][\w.]*/g, '.*');
}

function alternation(tests: readonly RelatedTest[]): string {
  return `^(?:${[...new Set(tests.map((t) => namePattern(t.name)))].join('|')})$`;
}

/**
 * Splits `command` at the runner's word: the words before it, the runner words, and the
 * options after. Undefined when the command is not one simple command (pipes, `&&`, `;`,
 * substitutions, quotes) or an option's value cannot be told from a test path.
 */
function simpleWords(command: string, runnerWord: RegExp): { head: string[]; flags: string[] } | undefined {
  if (/&&|\|\||[;|&\n`'"<>]|\$\(/.test(command)) return undefined;
  const words = command.trim().split(/\s+/);
  const at = words.findIndex((w) => runnerWord.test(w));
  if (at < 0) return undefined;
  // `vitest run`, `cargo test`: the subcommand stays with the runner's word.
  const end = words[at + 1] === 'run' ? at + 2 : at + 1;
  const head = words.slice(0, end);
  const flags: string[] = [];
  for (let i = end; i < words.length; i++) {
    const word = words[i] as string;
    if (word.startsWith('-')) {
      flags.push(word);
      if (VALUE_FLAGS.has(word) && i + 1 < words.length) flags.push(words[++i] as string);
      continue;
    }
    // A bare word after a flag this code does not know might be that flag's value.
    const previous = words[i - 1] as string;
    if (previous.startsWith('-') && !previous.includes('=') && !BOOLEAN_FLAGS.has(previous) && i - 1 >= end && !VALUE_FLAGS.has(words[i - 2] ?? '')) return undefined;
    // Otherwise it is a test path or pattern of the command's own, which the selection replaces.
  }
  return { head, flags };
}

function files(tests: readonly RelatedTest[]): string {
  return [...new Set(tests.map((t) => t.file))].map(shellQuote).join(' ');
}

/**
 * The test command cut down to `tests`: pytest node ids; jest `--runTestsByPath <files> -t
 * <names>`; vitest `<files> -t <names>`; `node --test <files>`; mocha `--grep <names>`;
 * `go test -run '^(A|B)$'`; `cargo test -- <names>`. Refuses commands it cannot rewrite
 * safely (several commands chained, a script runner such as `npm test`, the runner's own
 * selection already in place); the caller then runs the whole command.
 */
export function narrowCommand(command: string, tests: readonly RelatedTest[]): NarrowedCommand {
  if (tests.length === 0) return { ok: false, reason: 'no related tests were found' };
  if (tests.length > MAX_SELECTED) return { ok: false, reason: `${tests.length} related tests are too many to name on the command line` };
  const runner = prepareTestCommand(command, '/nonexistent').runner;
  const refuse = (why: string): NarrowedCommand => ({ ok: false, reason: `the ${runner} command \`${command}\` ${why}` });
  const rebuild = (runnerWord: RegExp, extra: (flags: string[]) => string | undefined): NarrowedCommand => {
    const parts = simpleWords(command, runnerWord);
    if (!parts) return refuse('is not one simple command whose test paths can be replaced');
    const tail = extra(parts.flags);
    if (tail === undefined) return refuse('already selects tests itself');
    return { ok: true, runner, command: [...parts.head, ...parts.flags, tail].join(' ') };
  };
  switch (runner) {
    case 'pytest':
      return rebuild(/(^|\/)(py\.test|pytest)$/, () => tests.map((t) => shellQuote(t.id)).join(' '));
    case 'jest':
      return rebuild(/(^|\/)jest$/, (flags) => (flags.some((f) => /^(-t|--testNamePattern)\b/.test(f)) ? undefined : `--runTestsByPath ${files(tests)} -t ${shellQuote(alternation(tests))}`));
    case 'vitest':
      return rebuild(/(^|\/)vitest$/, (flags) => (flags.some((f) => /^(-t|--testNamePattern)\b/.test(f)) ? undefined : `${files(tests)} -t ${shellQuote(alternation(tests))}`));
    case 'node-test':
      return rebuild(/(^|\/)(node|nodejs)$/, (flags) => (flags.includes('--test') ? files(tests) : undefined));
    case 'mocha':
      // mocha matches --grep against each test's full title; its own spec files stay.
      if (/(^|\s)(-g|--grep|-f|--fgrep)\b/.test(command)) return refuse('already selects tests itself');
      if (/&&|\|\||[;|\n`'"]/.test(command)) return refuse('is not one simple command');
      return { ok: true, runner, command: `${command.trim()} --grep ${shellQuote(alternation(tests))}` };
    case 'go-test': {
      if (/(^|\s)-run\b/.test(command) || /&&|\|\||[;|\n`'"]/.test(command)) return refuse('already selects tests or is not one simple command');
      const names = [...new Set(tests.map((t) => escapeRegex(t.name)))].join('|');
      const run = `-run ${shellQuote(`^(${names})$`)}`;
      // A replacer function: the pattern's `$'` must not be read as a replacement token.
      return { ok: true, runner, command: command.trim().replace(/(^|\s)(go\s+test)(?=\s|$)/, (_m, lead: string, word: string) => `${lead}${word} ${run}`) };
    }
    case 'cargo-test': {
      if (/&&|\|\||[;|\n`'"]/.test(command)) return refuse('is not one simple command');
      // libtest takes several name filters after `--` (substring matches on the test path).
      const names = [...new Set(tests.map((t) => t.name))].join(' ');
      return { ok: true, runner, command: / -- /.test(` ${command} `) ? command.trim().replace(/(^|\s)--(\s|$)/, `$1-- ${names}$2`) : `${command.trim()} -- ${names}` };
    }
    default:
      return { ok: false, reason: `the runner of \`${command}\` is not one whose tests can be selected (run a test runner directly, not through a script)` };
  }
}
