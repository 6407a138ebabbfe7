import { spawn } from 'node:child_process';
import { shippedScript } from '../shippedScript';

/** One model-written test reduced to what it checks: `assert CALL == EXPECTED`. */
export interface ParsedTest {
  /** The call of the entry point, as normalised source (Python: `ast.unparse`; JavaScript: tokens without layout). */
  call: string;
  /** The expected value's source, or null when the assert only calls (`assert f(x)`). */
  expected: string | null;
  /** The test says the call throws (JavaScript's `assert.throws`, `expect(…).toThrow()`); `expected` is then null. */
  throws?: boolean;
}

/** What the parser kept and why it dropped the rest. */
export interface ParsedTests {
  tests: ParsedTest[];
  /** Generated tests dropped because a visible test expects a different value for the same call. */
  contradicting: number;
  /** Asserts that were not a comparison of a call of the entry point (or did not parse). */
  unusable: number;
  /**
   * Extra inputs near the user's and the generated calls (one argument nudged: n+1, a shorter
   * list or string, a reversed list), outputs only: more inputs split groups that agree only
   * by chance, and they exist even when the model wrote no usable test.
   */
  extraCalls: string[];
}

/**
 * Parses model-written asserts about `entry` into distinct (call, expected) pairs, at most
 * `cap`, dropping any that contradict an assert of the visible tests on the same call:
 * a generated test is never trusted over the user's own. assert_parser.py does the work; it
 * parses only and runs nothing, so hostile model text cannot execute.
 */
export function parseTests(
  python: string,
  input: { entry: string; texts: readonly string[]; visible: readonly string[]; cap: number; mutate?: number },
  signal: AbortSignal,
): Promise<ParsedTests> {
  return new Promise<ParsedTests>((resolve, reject) => {
    // -I: no user site, no PYTHON* variables; the environment carries nothing secret.
    const child = spawn(python, ['-I', '-c', shippedScript(__dirname, 'assert_parser.py')], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' }, signal });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the test parser failed: ${err.slice(-400)}`));
      try {
        resolve(JSON.parse(out) as ParsedTests);
      } catch (error) {
        reject(new Error(`the test parser answered badly: ${(error as Error).message}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
