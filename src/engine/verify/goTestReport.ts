import { clipMessage } from './testOutcomes';
import type { TestOutcome } from './types';

interface GoTestEvent {
  Action?: string;
  Package?: string;
  ImportPath?: string;
  Test?: string;
  Elapsed?: number;
  Output?: string;
}

export interface GoTestParse {
  tests: TestOutcome[];
  /** The human-readable output, rebuilt from the events' `Output` fields. */
  text: string;
}

/**
 * Reads the `go test -json` event stream. A package that fails without any failing
 * test (build error, panic in init) becomes one `error` outcome carrying its output.
 * Returns `undefined` when the text holds no events.
 */
export function parseGoTestJson(stream: string): GoTestParse | undefined {
  const byTest = new Map<string, { outcome: TestOutcome; output: string[] }>();
  const packageOutput = new Map<string, string[]>();
  const failedPackages: string[] = [];
  const text: string[] = [];
  let events = 0;
  for (const line of stream.split('\n')) {
    if (!line.startsWith('{')) {
      // Build errors come as plain text before any event in older Go versions.
      if (line.trim()) text.push(`${line}\n`);
      continue;
    }
    let event: GoTestEvent;
    try {
      event = JSON.parse(line) as GoTestEvent;
    } catch {
      continue;
    }
    events += 1;
    const pkg = event.Package ?? event.ImportPath ?? '';
    if (event.Output !== undefined) text.push(event.Output);
    if (!event.Test) {
      if (event.Output !== undefined) packageOutput.set(pkg, [...(packageOutput.get(pkg) ?? []), event.Output]);
      if (event.Action === 'fail' || event.Action === 'build-fail') failedPackages.push(pkg);
      continue;
    }
    const key = `${pkg} ${event.Test}`;
    let entry = byTest.get(key);
    if (!entry) {
      entry = { outcome: { name: event.Test, status: 'error' }, output: [] };
      byTest.set(key, entry);
    }
    if (event.Output !== undefined) entry.output.push(event.Output);
    if (event.Action === 'pass' || event.Action === 'fail' || event.Action === 'skip') {
      entry.outcome.status = event.Action === 'pass' ? 'passed' : event.Action === 'fail' ? 'failed' : 'skipped';
      if (typeof event.Elapsed === 'number') entry.outcome.durationMs = Math.round(event.Elapsed * 1000);
    }
  }
  if (events === 0) return undefined;
  const tests: TestOutcome[] = [];
  for (const { outcome, output } of byTest.values()) {
    // A test still `error` here never finished: the binary died (panic, timeout) mid-test.
    if (outcome.status === 'failed' || outcome.status === 'error') {
      const message = clipMessage(output.filter((o) => !/^(=== |--- )/.test(o)).join(''));
      if (message !== undefined) outcome.message = message;
    }
    tests.push(outcome);
  }
  for (const pkg of failedPackages) {
    const anyFailed = tests.some((t) => t.status === 'failed');
    if (!anyFailed) {
      const message = clipMessage((packageOutput.get(pkg) ?? []).join('') || text.join(''));
      tests.push({ name: pkg || 'go package', status: 'error', ...(message !== undefined ? { message } : {}) });
    }
  }
  return { tests, text: text.join('') };
}
