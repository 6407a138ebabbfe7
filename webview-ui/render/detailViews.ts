import type { CandidateView, VerificationView } from '../../src/protocol';
import { diffLines, foldUnchanged } from '../diff';
import { h } from '../dom';
import { formatMs } from '../format';

/** A unified line diff; every line is a text node with a `+`/`-`/space prefix so it reads without colour. */
export function diffView(before: string, after: string): HTMLElement {
  const lines = foldUnchanged(diffLines(before, after));
  let added = 0;
  let removed = 0;
  const rows = lines.map((line) => {
    if (line.kind === 'fold') return h('div', { class: 'diff-fold' }, `⋯ ${line.count} unchanged line${line.count === 1 ? '' : 's'}`);
    if (line.kind === 'insert') added++;
    if (line.kind === 'delete') removed++;
    const prefix = line.kind === 'insert' ? '+' : line.kind === 'delete' ? '-' : ' ';
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

/** One row per test: name, outcome, message. */
export function testsView(verification: VerificationView): HTMLElement {
  if (verification.tests.length === 0) {
    return h(
      'p',
      { class: 'muted' },
      `No per-test report (${verification.reportFormat}); exit code ${verification.exitCode === null ? 'none (killed)' : verification.exitCode}.`,
    );
  }
  return h(
    'table',
    { class: 'tests' },
    h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, 'Test'), h('th', { attrs: { scope: 'col' } }, 'Result'), h('th', { attrs: { scope: 'col' } }, 'Message'))),
    h(
      'tbody',
      {},
      ...verification.tests.map((test) =>
        h(
          'tr',
          { class: `test test-${test.status}` },
          h('td', { class: 'test-name' }, test.name),
          h('td', { class: `test-status status-${test.status}` }, test.status, test.durationMs !== undefined ? ` (${formatMs(test.durationMs)})` : ''),
          h('td', {}, test.message ? h('pre', { class: 'test-message' }, test.message) : ''),
        ),
      ),
    ),
  );
}

/** The test command's output, its exit status and the sandbox it ran in. */
export function outputView(verification: VerificationView): HTMLElement {
  const exit = verification.exitCode === null ? 'killed' : `exit ${verification.exitCode}`;
  const sandbox = verification.sandbox === 'bubblewrap' ? 'bubblewrap sandbox' : 'no OS sandbox';
  return h(
    'div',
    {},
    h('p', { class: 'muted' }, `${exit} · ${formatMs(verification.durationMs)} · ${sandbox}`),
    verification.sandboxNote && h('p', { class: 'note warning' }, verification.sandboxNote),
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
