/** The test command an npm `test` script comes down to, and why. */
export interface NpmTestCommand {
  command: string;
  reason: string;
}

// `npm init` writes this placeholder; it is no test suite.
const NPM_PLACEHOLDER = /no test specified/;
/** Test runners a script step may start (after env assignments and wrappers). */
const RUNNERS = new Set(['jest', 'vitest', 'mocha', 'ava', 'tap', 'uvu', 'playwright', 'karma', 'jasmine', 'tape']);
/** Steps that only check or format the code: a candidate's verdict never depends on them. */
const CHECKS = new Set(['prettier', 'eslint', 'tsc', 'vue-tsc', 'tslint', 'stylelint', 'biome', 'xo', 'standard', 'markdownlint', 'markdownlint-cli2', 'dprint', 'oxlint', 'publint', 'attw']);
/** Words that start another program: the step is named by what follows them. */
const WRAPPERS = new Set(['npx', 'cross-env', 'c8', 'nyc', 'dotenv', 'env']);

type Scripts = Record<string, string>;

function scriptsOf(packageJson: string | undefined): Scripts | undefined {
  if (!packageJson) return undefined;
  try {
    const parsed: unknown = JSON.parse(packageJson);
    const scripts = typeof parsed === 'object' && parsed !== null ? (parsed as { scripts?: unknown }).scripts : undefined;
    if (typeof scripts !== 'object' || scripts === null) return undefined;
    return Object.fromEntries(Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return undefined; // An unparsable package.json suggests nothing; detection is only a hint.
  }
}

/** The program a step runs: its first word after env assignments, wrappers and their options. */
function programOf(words: readonly string[]): { program: string; at: number } | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || word.startsWith('-') || WRAPPERS.has(word)) continue;
    return { program: word.slice(word.lastIndexOf('/') + 1), at: i };
  }
  return undefined;
}

/** `npm run x`, `npm test`, `yarn x`, `pnpm run x`: the script a step delegates to. */
function delegatedScript(words: readonly string[]): string | undefined {
  const [tool, verb, name] = words;
  if (tool !== 'npm' && tool !== 'yarn' && tool !== 'pnpm') return undefined;
  if (verb === 'test' || verb === 't') return 'test';
  if (verb === 'run' || verb === 'run-script') return name;
  return tool !== 'npm' && verb && !verb.startsWith('-') ? verb : undefined;
}

type Step = { kind: 'runner' | 'check'; text: string } | { kind: 'other'; text: string };

/** The steps of a script, with `npm run` steps expanded (a few levels deep), `pre`/`post` scripts included. */
function stepsOf(name: string, scripts: Scripts, depth = 0): Step[] | undefined {
  const body = scripts[name];
  if (body === undefined || depth > 3) return undefined;
  // `||`, `;`, pipes or subshells make the order of steps matter in ways this does not model.
  if (/\|\||[;|`]|\$\(/.test(body.replace(/&&/g, ''))) return undefined;
  const steps: Step[] = [];
  const pre = scripts[`pre${name}`] !== undefined ? stepsOf(`pre${name}`, scripts, depth + 1) : [];
  if (!pre) return undefined;
  steps.push(...pre);
  for (const raw of body.split('&&')) {
    const text = raw.trim();
    const words = text.split(/\s+/);
    const delegated = delegatedScript(words);
    if (delegated !== undefined) {
      const inner = stepsOf(delegated, scripts, depth + 1);
      if (!inner) return undefined;
      steps.push(...inner);
      continue;
    }
    const program = programOf(words)?.program;
    const isNodeTest = program === 'node' && /(^|\s)--test(\s|=|$)/.test(text);
    steps.push({ kind: program && (RUNNERS.has(program) || isNodeTest) ? 'runner' : program && CHECKS.has(program) ? 'check' : 'other', text });
  }
  return steps;
}

/** A runner step as a command run outside npm: its program from `node_modules/.bin`, where npm would find it. */
function standalone(step: string): string {
  const words = step.split(/\s+/).filter((w) => w !== 'cross-env');
  const found = programOf(words);
  if (!found) return step;
  const word = words[found.at] as string;
  if (word === 'node' || word.includes('/') || words[found.at - 1] === 'npx') return words.join(' ');
  words[found.at] = `node_modules/.bin/${word}`;
  return words.join(' ');
}

/**
 * The command for a package's `npm test`: the script as is, or — when it chains formatters,
 * linters or type checks around one test runner (`prettier --check . && eslint . && tsc &&
 * jest`, also through `npm run lint`) — just the runner, run from `node_modules/.bin`. A
 * step it does not recognise (a build, a code generator) keeps the whole script. Undefined
 * without a real test script.
 */
export function narrowNpmTest(packageJson: string | undefined): NpmTestCommand | undefined {
  const scripts = scriptsOf(packageJson);
  const test = scripts?.test;
  if (!scripts || test === undefined || NPM_PLACEHOLDER.test(test)) return undefined;
  const whole: NpmTestCommand = { command: 'npm test', reason: `package.json "test" script: ${test}` };
  const steps = stepsOf('test', scripts);
  if (!steps) return whole;
  const runners = steps.filter((s) => s.kind === 'runner');
  const others = steps.filter((s) => s.kind === 'other');
  const checks = steps.filter((s) => s.kind === 'check');
  if (runners.length !== 1 || others.length > 0) {
    const why = others.length > 0 ? `it also runs \`${others[0]?.text}\`, which may be needed` : runners.length === 0 ? 'no test runner was recognised in it' : 'it runs several test runners';
    return { ...whole, reason: `${whole.reason} (kept whole: ${why})` };
  }
  const runner = runners[0] as Step;
  if (checks.length === 0 && steps.length === 1 && test.trim() === runner.text) return { command: standalone(runner.text), reason: `package.json "test" script: ${test}` };
  return {
    command: standalone(runner.text),
    reason: `package.json "test" script narrowed to its test runner \`${runner.text}\`; left out: ${checks.map((c) => `\`${c.text}\``).join(', ')} (formatting, lint and type checks do not judge a candidate and cost a run each)`,
  };
}
