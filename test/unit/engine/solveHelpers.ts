import type { SolveEvent, SolveResult } from '../../../src/engine/events';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import type { ModelClient } from '../../../src/engine/model/types';
import type { SolveOptions } from '../../../src/engine/options';
import { solve } from '../../../src/engine/solve';
import type { Task } from '../../../src/engine/task';
import type { Verifier } from '../../../src/engine/verify/types';
import { FakeVerifier } from '../../doubles/fakeVerifier';

export const ADD_FILE = `import math


def add(a, b):
    """Return the sum of a and b."""
    pass


def other():
    return 1
`;

export function addTask(): Task {
  return taskForFunction({ workspaceRoot: '/nonexistent-workspace', filePath: 'calc.py', fileText: ADD_FILE, functionName: 'add', testCommand: 'python3 -m pytest -q' });
}

/** Fenced answers the fake verifier recognises. */
export const RIGHT = '```python\ndef add(a, b):\n    return a + b\n```';
export const RIGHT_AGAIN = 'Here it is:\n```python\ndef add(a, b):\n    # sum\n    return a + b\n```';
export const RIGHT_OTHER = '```python\ndef add(a, b):\n    return b + a\n```';
export const WRONG = '```python\ndef add(a, b):\n    return a - b\n```';

/** Three tests: a+b passes all; a-b passes only `test_zero`. */
export function addVerifier(delayMs = 5): FakeVerifier {
  return new FakeVerifier((text) => {
    if (/return (a \+ b|b \+ a)/.test(text)) return { tests: { test_small: true, test_zero: true, test_negative: true } };
    if (/return a - b/.test(text)) return { tests: { test_small: false, test_zero: true, test_negative: false } };
    return { status: 'error', reason: 'collection error' };
  }, delayMs);
}

export function options(model: ModelClient, verifier: Verifier, overrides: Partial<SolveOptions> = {}): SolveOptions {
  return {
    model,
    verifier,
    sampling: { n: 4, concurrency: 2 },
    reasoning: {},
    budgets: {},
    earlyStopAgreeing: 0,
    abstainPolicy: 'abstain',
    verifyConcurrency: 2,
    promptTokenBudget: 4000,
    cheatsheetTokenBudget: 0,
    // The fake verifier judges by rule and cannot show a witness stub's error: flow tests run without a baseline.
    baseline: false,
    ...overrides,
  };
}

/** All events of a run, and its result when it finished. */
export async function collect(task: Task, opts: SolveOptions, signal = new AbortController().signal): Promise<{ events: SolveEvent[]; result?: SolveResult }> {
  const events: SolveEvent[] = [];
  for await (const e of solve(task, opts, signal)) events.push(e);
  const last = events[events.length - 1];
  return { events, result: last?.type === 'run/finished' ? last.result : undefined };
}
