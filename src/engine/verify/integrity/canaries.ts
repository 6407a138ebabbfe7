import { randomBytes } from 'node:crypto';
import { shippedScript } from '../../shippedScript';
import type { IntegrityCheck, TestOutcome } from '../types';

/** The two canary tests one verification carries: one must pass, one must fail. */
export interface CanaryNames {
  mustPass: string;
  mustFail: string;
}

/**
 * Fresh canary names for one verification, from `crypto`. They look like ordinary test
 * names on purpose: a report rewriter that spares anything called "canary" must not be able
 * to spot them. They never go into the run's environment or argv — only into the support
 * file that registers them (see {@link pytestCanaryPlugin}).
 */
export function newCanaryNames(): CanaryNames {
  const hex = (): string => randomBytes(6).toString('hex');
  return { mustPass: `test_${hex()}`, mustFail: `test_${hex()}` };
}

/** A random module-safe token for support file names (not a secret: the names inside are). */
export function supportToken(): string {
  return randomBytes(6).toString('hex');
}

/**
 * A pytest plugin adding the two canaries (no test file in the copy), loaded with `-p`:
 * pytest_canaries.py with this run's names filled in.
 * They are real `Function` items, so they go through the very code a candidate would patch
 * to pass everything (`Function.runtest`, `pytest_pyfunc_call`, the report hooks) and a
 * patched runner passes the must-fail one. Appended last (`trylast`), after `-k`/`-m`
 * deselection, so a user's filter never drops them; built directly (not by name matching),
 * so a project's `python_functions` setting cannot hide them.
 *
 * Residual risk, accepted: this file is the one place the names live, and pytest holds them
 * in memory. A candidate that deliberately finds this module (PYTEST_ADDOPTS names it,
 * PYTHONPATH points at it) or walks the interpreter's objects can learn them and forge a
 * report that includes them. Canaries stop generic forgeries — a report written from a
 * template, a runner patched to pass everything, an early exit — not a targeted one.
 */
export function pytestCanaryPlugin(names: CanaryNames): string {
  const plugin = shippedScript(__dirname, 'pytest_canaries.py');
  const checks = `_CHECKS = ((${JSON.stringify(names.mustPass)}, False), (${JSON.stringify(names.mustFail)}, True))`;
  const withNames = plugin.replace(/^_CHECKS = .*$/m, () => checks);
  if (withNames === plugin) throw new Error('pytest_canaries.py has no _CHECKS line to fill in');
  return withNames;
}

/**
 * A CommonJS preload for `node --test`: registers the canaries in every test file's process
 * (the runner starts one per file, so they appear once per file). Only in those processes:
 * the orchestrating `node --test` process loads the preload too, and is told apart by
 * NODE_TEST_CONTEXT, which node sets only in the per-file children. Same residual risk as
 * {@link pytestCanaryPlugin}: the preload's path is on the command line.
 */
export function nodeTestCanaryPreload(names: CanaryNames): string {
  return `'use strict';
// Best-of-N: per-run check tests, generated for one verification. Not the user's.
if (process.env.NODE_TEST_CONTEXT) {
  const { test } = require('node:test');
  test(${JSON.stringify(names.mustPass)}, () => {});
  test(${JSON.stringify(names.mustFail)}, () => {
    throw new Error('assert False');
  });
}
`;
}

/** A mocha spec loaded with `--file` (before the user's specs; mocha runs in one process). */
export function mochaCanaryFile(names: CanaryNames): string {
  return `'use strict';
// Best-of-N: per-run check tests, generated for one verification. Not the user's.
it(${JSON.stringify(names.mustPass)}, function () {});
it(${JSON.stringify(names.mustFail)}, function () {
  throw new Error('assert False');
});
`;
}

/** What the canaries say about one report, and the report without them. */
export interface CanaryVerdict {
  state: IntegrityCheck['canaries'];
  /** The user's tests: the report with every canary outcome removed. */
  tests: TestOutcome[];
  /** Plain words for `forged`/`missing`. */
  problem?: string;
}

function isCanary(name: string, canary: string): boolean {
  return name === canary || name.endsWith(`::${canary}`) || name.endsWith(` > ${canary}`);
}

/**
 * Finds the canaries in `tests` (each may appear several times, e.g. once per file under
 * `node --test`), checks them and strips them. `forged`: a must-fail canary passed, a
 * must-pass one did not pass, or their counts differ (a partly rewritten report);
 * `missing`: one of them is absent.
 */
export function checkCanaries(tests: TestOutcome[], names: CanaryNames | undefined): CanaryVerdict {
  if (!names) return { state: 'none', tests };
  const pass = tests.filter((t) => isCanary(t.name, names.mustPass));
  const fail = tests.filter((t) => isCanary(t.name, names.mustFail));
  const user = tests.filter((t) => !pass.includes(t) && !fail.includes(t));
  if (fail.some((t) => t.status === 'passed' || t.status === 'skipped')) {
    return { state: 'forged', tests: user, problem: 'a check test that must fail was reported as passing, so the report was altered' };
  }
  if (pass.some((t) => t.status !== 'passed')) {
    return { state: 'forged', tests: user, problem: 'a check test that must pass was reported as failing, so the test runner was interfered with' };
  }
  if (pass.length === 0 || fail.length === 0) {
    return { state: 'missing', tests: user, problem: 'the check tests that run alongside yours are missing from the report, so it is not the test runner\'s own' };
  }
  if (pass.length !== fail.length) {
    return { state: 'forged', tests: user, problem: 'the check tests appear an uneven number of times, so the report was altered' };
  }
  return { state: 'ok', tests: user };
}
