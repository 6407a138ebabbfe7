import type { CandidateView, VerificationView } from '../../src/protocol';
import { diffLines, foldUnchanged } from '../../src/engine/diff/lineDiff';
import { h } from '../dom';
import { formatMs } from '../format';
import { icon } from '../icons';

/** A unified line diff; every line is a text node with a `+`/`-`/space prefix so it reads without colour. */
export function diffView(before: string, after: string): HTMLElement {
  const lines = foldUnchanged(diffLines(before, after));
  let added = 0;
  let removed = 0;
  const rows = lines.map((line) => {
    if (line.kind === 'fold') return h('div', { class: 'diff-fold' }, `⋯ ${line.count} unchanged line${line.count === 1 ? '' : 's'}`);
    if (line.kind === 'add') added++;
    if (line.kind === 'remove') removed++;
    const prefix = line.kind === 'add' ? '+' : line.kind === 'remove' ? '-' : ' ';
    return h('div', { class: `diff-line diff-${line.kind}` }, `${prefix} ${line.text}`);
  });
  if (added + removed === 0) return h('div', { class: 'diff' }, h('div', { class: 'muted diff-stats' }, 'No changes.'));
  return h(
    'div',
    { class: 'diff' },
    h('div', { class: 'muted diff-stats' }, `+${added} −${removed} lines`),
    h('pre', { class: 'code diff-body', attrs: { tabindex: 0, 'aria-label': 'Diff against the current text', 'data-scroll-key': 'diff', 'data-focus-key': 'diff' } }, ...rows),
  );
}

/** Code or reasoning, as text; prose (`wrap`) wraps, code keeps its lines. */
export function codeView(code: string, label: string, wrap = false): HTMLElement {
  return h('pre', { class: wrap ? 'code wrap' : 'code', attrs: { tabindex: 0, 'aria-label': label, 'data-scroll-key': label, 'data-focus-key': label } }, code);
}

const FAILING = new Set(['failed', 'error']);

/** A test name with break opportunities after `::`, `/`, `.` and `_`, so it wraps between words, never inside one. */
export function breakableName(name: string): Node[] {
  const out: Node[] = [];
  for (const part of name.split(/(?<=::|\/|\.|_)/)) {
    if (out.length > 0) out.push(document.createElement('wbr'));
    out.push(document.createTextNode(part));
  }
  return out;
}

/** What the test run said when it gave no per-test report, in words rather than an exit code. */
function noReportSentence(v: VerificationView): string {
  if (v.status === 'timeout') return `The tests were stopped at the time limit${v.reason ? ` (${v.reason})` : ''}.`;
  if (v.status === 'passed') return 'The test command succeeded; it gave no per-test report.';
  if (v.reason) return `${v.reason[0].toUpperCase()}${v.reason.slice(1)}.`;
  return 'The test command failed; it gave no per-test report. The end of its output:';
}

/** The failing tests first, each with its message; then the rest. With no per-test report, why it failed and the end of the output. */
export function testsView(verification: VerificationView): HTMLElement {
  if (verification.tests.length === 0) {
    const tail = verification.output.trimEnd().split('\n').slice(-8).join('\n');
    return h(
      'div',
      { attrs: { 'data-role': 'no-report' } },
      h('p', {}, noReportSentence(verification)),
      verification.status !== 'passed' && tail && h('pre', { class: 'code wrap test-message' }, tail),
    );
  }
  const ordered = [...verification.tests.filter((t) => FAILING.has(t.status)), ...verification.tests.filter((t) => !FAILING.has(t.status))];
  return h(
    'ul',
    { class: 'tests' },
    ...ordered.map((test) =>
      h(
        'li',
        { class: `test test-${test.status}`, attrs: { 'data-test-status': test.status } },
        h(
          'div',
          { class: 'test-line' },
          h('span', { class: `test-status status-${test.status}` }, test.status === 'passed' ? icon('pass', 'icon-passed') : FAILING.has(test.status) ? icon('error', 'icon-failed') : icon('circle-slash'), test.status),
          h('span', { class: 'test-name' }, ...breakableName(test.name)),
          test.durationMs !== undefined && h('span', { class: 'muted' }, formatMs(test.durationMs)),
        ),
        test.message && h('pre', { class: 'test-message' }, test.message),
      ),
    ),
  );
}

/** The test command's output and how it ended; the sandbox note is the run's, shown once in the run details. */
export function outputView(verification: VerificationView): HTMLElement {
  const ended = verification.exitCode === null ? 'stopped (killed)' : `exited with code ${verification.exitCode}`;
  return h(
    'div',
    {},
    h('p', { class: 'muted' }, `The test command ${ended} after ${formatMs(verification.durationMs)}.`),
    verification.reason && h('p', { class: 'note' }, verification.reason),
    h('pre', { class: 'code output', attrs: { tabindex: 0, 'aria-label': 'Test output', 'data-scroll-key': 'output', 'data-focus-key': 'output' } }, verification.output || '(no output)'),
    verification.outputTruncated && h('p', { class: 'muted' }, 'Output truncated; the full log is in the Best-of-N output channel.'),
  );
}

/** What was sent with the request and which requested controls the provider could not take. */
export function requestView(candidate: CandidateView): HTMLElement {
  const r = candidate.reasoning;
  const asked = [
    r.effort !== undefined ? `effort ${r.effort}` : 'effort default',
    r.budgetTokens !== undefined ? `budget ${r.budgetTokens} tokens` : undefined,
    r.fastMode ? 'fast mode' : undefined,
  ].filter((x): x is string => x !== undefined);
  const applied = candidate.applied;
  return h(
    'div',
    {},
    h(
      'p',
      {},
      `Wave ${candidate.wave} · asked for ${asked.join(', ')}`,
      candidate.origin === 'repair' && candidate.repairOf !== undefined ? ` · a repair of #${candidate.repairOf}, sent back with its failing tests` : '',
      candidate.finishReason ? ` · finish reason ${candidate.finishReason}` : '',
    ),
    applied &&
      h(
        'ul',
        { class: 'knobs' },
        ...applied.sent.map((knob) => h('li', {}, h('code', {}, knob.name), ` = ${knob.value}`)),
        ...applied.notApplied.map((text) => h('li', { class: 'not-applied' }, `not applied: ${text}`)),
      ),
  );
}
