import assert from 'assert';
import path from 'path';
import { candidate, finished, finishedRun, panelState, run, sampleCode, TARGET_TEXT } from './fixtures';
import type { PanelPage } from './harness';
import { closeHealthyPanel, openPanel, SCREENSHOTS, settle, text, texts } from './harness';

describe('panel: runs and candidates', () => {
  let panel: PanelPage | undefined;

  afterEach(async function () {
    if (panel) {
      await closeHealthyPanel(panel);
      panel = undefined;
    }
  });

  it('says ready first, renders the empty state, and its buttons post run/start and setApiKey', async () => {
    panel = await openPanel(panelState({ apiKeySet: false }));
    const { page, host } = panel;
    assert.strictEqual(host.received[0].type, 'ready');
    assert.match(await text(page, '[data-role="empty-state"]'), /No run yet/);
    assert.strictEqual(await page.isHidden('#candidate-list'), true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'empty-state.png'), fullPage: true });
    await page.click('button:has-text("Solve with Best-of-N")');
    await host.waitFor((m) => m.type === 'run/start');
    await page.click('[data-banner="api-key"] button');
    const command = await host.waitFor((m) => m.type === 'command/execute');
    assert.deepStrictEqual(command, { type: 'command/execute', command: 'setApiKey' });
  });

  it('explains an untrusted workspace, disables Solve, and offers to manage trust', async () => {
    panel = await openPanel(panelState({ workspaceTrusted: false, bubblewrapStatus: { available: false, detail: 'bwrap not found on PATH' } }));
    const { page, host } = panel;
    assert.match(await text(page, '[data-banner="untrusted"]'), /refuses to run until you trust the workspace/);
    assert.match(await text(page, '[data-banner="sandbox"]'), /bwrap not found on PATH.*no OS sandbox/);
    assert.strictEqual(await page.isDisabled('button:has-text("Solve with Best-of-N")'), true);
    await page.click('button:has-text("Manage Workspace Trust")');
    assert.deepStrictEqual(await host.waitFor((m) => m.type === 'command/execute'), { type: 'command/execute', command: 'manageTrust' });
    await panel.host.post({ type: 'environment/changed', workspaceTrusted: true, apiKeySet: true, bubblewrapStatus: { available: true, detail: 'bubblewrap at /usr/bin/bwrap' } });
    await settle(page);
    assert.strictEqual(await page.$('[data-banner="untrusted"]'), null);
    assert.strictEqual(await page.isEnabled('button:has-text("Solve with Best-of-N")'), true);
  });

  it('renders every candidate state, grouped by behaviour with the pick first, and totals in words', async () => {
    const r = finishedRun();
    r.candidates.push(candidate(9, { state: 'sampling' }), candidate(10, { state: 'queued', code: sampleCode(1) }), candidate(11, { state: 'verifying', code: sampleCode(2) }), candidate(12, { state: 'cancelled' }));
    panel = await openPanel(panelState({ run: r }));
    const { page } = panel;
    // Collapsed: one row per behaviour group, what is in progress, and nothing of the unranked.
    assert.deepStrictEqual(await texts(page, '.candidate [data-role="state"]'), ['passed 2/2', 'failed 1/2', 'sampling…', 'queued', 'verifying…']);
    assert.deepStrictEqual(await texts(page, '.group-title'), ['In progress (3)', 'Not ranked (5)']);
    const first = await text(page, '#candidate-1');
    assert.match(first, /recommended/);
    assert.match(first, /Group 1 of 2 · 3 candidates behave this way/);
    assert.match(await text(page, '#candidate-2'), /Group 2 of 2 · no other candidate behaves this way/);
    assert.strictEqual(await page.getAttribute('#candidate-1', 'aria-selected'), 'true', 'the host choice is selected by default');
    await page.click('button:has-text("Show 2 others")');
    await page.click('.group-unranked button:has-text("Show")');
    const states = await texts(page, '.candidate [data-role="state"]');
    assert.deepStrictEqual(states, ['passed 2/2', 'passed 2/2', 'duplicate of #1', 'failed 1/2', 'sampling…', 'queued', 'verifying…', 'timeout', 'error', 'rejected', 'truncated', 'cancelled']);
    await page.click('summary:has-text("Run details")');
    const totals = await text(page, '[data-role="totals"]');
    assert.match(totals, /Samples8 of 8 \(1 duplicate\).*Passed every test2.*Tokens1,456 prompt · 980 reasoning · 520 completion.*Cost\$0\.0034.*Wall time12\.4 s.*Ended byall samples drawn/);
    assert.doesNotMatch(totals, /p \/ r \/ c/);
    assert.strictEqual(await page.getAttribute('.chart-line', 'data-points'), '4');
    assert.deepStrictEqual((await texts(page, '.chart .axis-title')).sort(), ['passing', 'samples drawn']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'finished-run.png'), fullPage: true });
  });

  it('streams: new candidates, appended content and reasoning, and totals update live', async () => {
    panel = await openPanel(panelState({ run: run() }));
    const { page, host } = panel;
    assert.match(await text(page, '#candidate-list'), /No samples yet/);
    await host.post({ type: 'candidate/updated', runId: 'run-1', candidate: candidate(1) });
    await host.post({ type: 'candidate/delta', runId: 'run-1', candidateId: 1, reasoning: 'Compare each pair; ' });
    await host.post({ type: 'candidate/delta', runId: 'run-1', candidateId: 1, reasoning: 'stop at the first close pair.', content: 'def has_close' });
    await host.post({ type: 'candidate/delta', runId: 'run-1', candidateId: 1, content: '_elements(numbers, threshold):' });
    // A delta for another run must not leak into this one.
    await host.post({ type: 'candidate/delta', runId: 'run-0', candidateId: 1, content: 'STALE' });
    await settle(page);
    // The row shows the text as it arrives; reasoning is collapsed with its size.
    assert.strictEqual(await text(page, '#candidate-1 [data-role="stream-tail"]'), 'def has_close_elements(numbers, threshold):');
    assert.strictEqual(await page.getAttribute('#candidate-1 [data-role="stream-reasoning"]', 'open'), null);
    assert.match(await text(page, '#candidate-1 [data-role="stream-reasoning"] summary'), /Reasoning · 48 characters so far/);
    await page.click('summary:has-text("Model output")');
    await page.click('.section-reasoning summary');
    assert.strictEqual(await text(page, '.section-code pre'), 'def has_close_elements(numbers, threshold):');
    assert.strictEqual(await text(page, '.section-reasoning pre'), 'Compare each pair; stop at the first close pair.');
    assert.match(await text(page, '#candidate-1 [data-role="state"]'), /sampling…/);
    await host.post({ type: 'candidate/updated', runId: 'run-1', candidate: finished(1, 0, 2) });
    await host.post({ type: 'candidate/updated', runId: 'run-1', candidate: candidate(2, { state: 'verifying', code: sampleCode(1) }) });
    await host.post({ type: 'run/updated', run: run({ candidates: [finished(1, 0, 2), candidate(2, { state: 'verifying', code: sampleCode(1) })], totals: { samples: 2, promptTokens: 364, completionTokens: 131, reasoningTokens: 250, costUsd: 0.00085, wallMs: 2300, verified: 1, duplicates: 0, cacheHits: 0 }, progress: [{ samples: 1, verified: 1 }, { samples: 2, verified: 1 }] }) });
    await settle(page);
    assert.match(await text(page, '[data-role="run-status"]'), /Running — starting…/);
    await host.post({ type: 'run/updated', run: run({ phase: { name: 'verifying', wave: 1 }, candidates: [finished(1, 0, 2), candidate(2, { state: 'verifying', code: sampleCode(1) })], totals: { samples: 2, promptTokens: 364, completionTokens: 131, reasoningTokens: 250, costUsd: 0.00085, wallMs: 2300, verified: 1, duplicates: 0, cacheHits: 0 }, progress: [{ samples: 1, verified: 1 }, { samples: 2, verified: 1 }] }) });
    await settle(page);
    assert.match(await text(page, '[data-role="run-status"]'), /Running — testing wave 1: 2 of 8 samples drawn, 1 passing/);
    assert.strictEqual(await text(page, '[data-role="run-reasoning"]'), 'Asked for: effort low · N 8');
    assert.deepStrictEqual(await texts(page, '.candidate [data-role="state"]'), ['verifying…']);
    assert.match(await text(page, '[data-role="run-summary"]'), /2 of 8 samples · 1 passing/);
    assert.match(await page.getAttribute('.chart', 'aria-label') ?? '', /1 passing every test after 2 of 8 samples/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mid-run.png'), fullPage: true });
    await page.click('button:has-text("Cancel")');
    assert.deepStrictEqual(await host.waitFor((m) => m.type === 'run/cancel'), { type: 'run/cancel', runId: 'run-1' });
  });

  it('shows the selected candidate: diff against the target, tests, reasoning tokens and why it ranks there', async () => {
    panel = await openPanel(panelState({ run: finishedRun() }));
    const { page } = panel;
    assert.match(await text(page, '#details-title'), /Candidate #1 — passed 2\/2/);
    assert.match(await text(page, '[data-role="explanation"]'), /Chosen: passes every test.*Rank 1 of 3: passes 2\/2 tests; 3 candidates behave the same/);
    assert.strictEqual(await text(page, '[data-role="tokens"]'), '182 prompt · 120 reasoning · 0 answer tokens');
    const diff = await texts(page, '.diff-line');
    assert.ok(diff.includes('-     raise NotImplementedError'), diff.join('\n'));
    assert.ok(diff.includes('+     for i in range(len(numbers)):'), diff.join('\n'));
    assert.match(await text(page, '.diff-stats'), /\+5 −1 lines/);
    await page.click('#candidate-2');
    assert.match(await text(page, '#details-title'), /Candidate #2 — failed 1\/2/);
    const rows = await texts(page, 'ul.tests li');
    assert.strictEqual(rows.length, 2);
    // The failing test comes first, with its message.
    assert.match(rows[0], /failedtest_solution\.py::test_docstring_example_2.*AssertionError: assert has_close_elements\(\[1\.0, 2\.8, 3\.0, 4\.0, 5\.0, 2\.0\], 0\.3\) == True/);
    assert.match(rows[1], /passedtest_solution\.py::test_docstring_example_1/);
    assert.match(await text(page, '.section-reasoning summary'), /Reasoning · 130 tokens/);
    await page.click('button:has-text("Show 2 others")');
    await page.click('#candidate-4');
    assert.match(await text(page, '[data-role="explanation"]'), /Same code as #1: tested once, counted as a vote for it/);
    await page.click('.group-unranked button:has-text("Show")');
    await page.click('#candidate-7');
    assert.match(await text(page, '[data-role="explanation"]'), /Not ranked: no code block in the reply/);
  });

  it('puts the pick with Accept on top; other candidates are accepted by number, unverified ones only with a confirmation', async () => {
    panel = await openPanel(panelState({ run: finishedRun() }));
    const { page, host } = panel;
    assert.strictEqual(await page.locator('button', { hasText: /^Accept$/ }).count(), 1, 'exactly one Accept: the pick\'s');
    assert.match(await text(page, '[data-role="pick"]'), /Recommended: #1/);
    assert.strictEqual(await text(page, '[data-role="pick-reason"]'), 'passes every test and has the most agreement');
    assert.strictEqual(await page.isEnabled('[data-role="pick"] button:has-text("Accept")'), true);
    assert.strictEqual(await page.$('button:has-text("Accept unverified")'), null);
    await page.click('[data-role="pick"] button:has-text("Accept")');
    assert.deepStrictEqual(await host.waitFor((m) => m.type === 'candidate/accept'), { type: 'candidate/accept', runId: 'run-1', candidateId: 1 });
    await page.click('#details button:has-text("Open Diff")');
    assert.deepStrictEqual(await host.waitFor((m) => m.type === 'candidate/openDiff'), { type: 'candidate/openDiff', runId: 'run-1', candidateId: 1 });
    await page.click('button:has-text("Show 2 others")');
    await page.click('#candidate-3');
    host.clear();
    await page.click('button:has-text("Accept #3")');
    assert.deepStrictEqual(await host.waitFor((m) => m.type === 'candidate/accept'), { type: 'candidate/accept', runId: 'run-1', candidateId: 3 });
    await page.click('.group-unranked button:has-text("Show")');
    for (const id of [2, 5, 6, 7, 8]) {
      await page.click(`#candidate-${id}`);
      assert.strictEqual(await page.isDisabled(`button:has-text("Accept #${id}")`), true, `Accept must be disabled for #${id}`);
    }
    await page.click('#candidate-7');
    assert.strictEqual(await page.isDisabled('#details button:has-text("Open Diff")'), true, 'no code, no diff');
    host.clear();
    await page.click('#candidate-2');
    await page.click('button:has-text("Accept unverified…")');
    assert.deepStrictEqual(await host.waitFor((m) => m.type === 'candidate/accept'), { type: 'candidate/accept', runId: 'run-1', candidateId: 2 });
    await page.click('button:has-text("Re-run")');
    assert.deepStrictEqual(await host.waitFor((m) => m.type === 'run/rerun'), { type: 'run/rerun', runId: 'run-1' });
  });

  it('shows a clear abstain banner and the verifier-strength note; best partial is one click away', async () => {
    const r = finishedRun();
    r.candidates = r.candidates.filter((c) => c.id !== 1 && c.id !== 3 && c.id !== 4);
    r.ranking = [2];
    r.choice = null;
    r.abstention = { reason: 'No candidate passed all 2 tests.', bestPartialId: 2 };
    panel = await openPanel(panelState({ run: r }));
    const { page } = panel;
    assert.match(await text(page, '[data-banner="abstain"]'), /^Nothing recommended: no candidate passed every test\. No candidate passed all 2 tests\./);
    assert.strictEqual(await page.getAttribute('[data-banner="abstain"]', 'role'), 'alert');
    assert.strictEqual(await text(page, '[data-role="strength"] summary'), 'weak tests');
    assert.strictEqual(await page.isVisible('[data-banner="strength"]'), false, 'the note opens on demand');
    await page.click('[data-role="strength"] summary');
    assert.match(await text(page, '[data-banner="strength"]'), /Only 2 local tests: a wrong function can pass them\.2 local tests; 2 of 5 tested candidates passed every test/);
    assert.match(await text(page, '[data-role="run-status"]'), /nothing recommended/);
    assert.strictEqual(await page.$('[data-banner="not-applied"]'), null, 'every control was applied');
    const notApplied = { sent: [], notApplied: ['temperature: the model rejects sampling parameters'] };
    await panel.host.post({ type: 'candidate/updated', runId: 'run-1', candidate: { ...r.candidates[0], applied: notApplied } });
    await settle(page);
    assert.strictEqual(await text(page, '[data-banner="not-applied"]'), 'Not applied by the provider: temperature: the model rejects sampling parameters');
    await page.click('.group-unranked button:has-text("Show")');
    await page.click('#candidate-5');
    await page.click('button:has-text("Show best partial (#2)")');
    assert.strictEqual(await page.getAttribute('#candidate-2', 'aria-selected'), 'true');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'abstained.png'), fullPage: true });
  });

  it('diffs against the current text when the document changed, and says so', async () => {
    const current = TARGET_TEXT.replace('raise NotImplementedError', 'return False  # edited meanwhile');
    panel = await openPanel(panelState({ run: { ...finishedRun(), currentTargetText: current } }));
    const { page } = panel;
    assert.match(await text(page, '#details p.note.warning'), /document changed since this run started/);
    const diff = await texts(page, '.diff-line.diff-remove');
    assert.deepStrictEqual(diff, ['-     return False  # edited meanwhile']);
    assert.strictEqual(await page.isEnabled('[data-role="pick"] button:has-text("Accept")'), true);
  });

  it('after Accept, says the document holds the candidate and offers no second Accept', async () => {
    const r = finishedRun();
    panel = await openPanel(panelState({ run: r }));
    const { page, host } = panel;
    // Once the edit landed the host makes the accepted text the run's baseline (as the editor holds it, trailing spaces and all).
    await host.post({ type: 'run/updated', run: { ...r, targetText: `${r.candidates[0].code!.replace(/\n$/, '  \n')}` } });
    await settle(page);
    assert.strictEqual(await text(page, '[data-role="held"]'), 'The document holds this candidate now.');
    assert.strictEqual(await page.$('[data-role="document-changed"]'), null);
    assert.strictEqual(await text(page, '.diff-stats'), 'No changes.');
    assert.strictEqual(await page.isDisabled('[data-role="pick"] button:has-text("Accept")'), true);
    assert.strictEqual(await page.$('button:has-text("Accept unverified")'), null);
    assert.strictEqual(await text(page, '[data-role="explanation"]'), 'Chosen: passes every test and has the most agreement Rank 1 of 3: passes 2/2 tests; 3 candidates behave the same on generated inputs');
    await page.click('button:has-text("Show 2 others")');
    await page.click('#candidate-3');
    assert.strictEqual(await page.isEnabled('button:has-text("Accept #3")'), true, 'another verified candidate can still replace it');
    assert.strictEqual(await page.$('[data-role="document-changed"]'), null, 'the accepted edit is not a change since the run');
    assert.strictEqual(await page.$('#details [data-role="held"]'), null, '#3 is not what the document holds');
    assert.strictEqual(await text(page, '[data-role="pick"] [data-role="held"]'), 'The document holds this candidate now.', 'the pick still says it is in the document');
  });

  it('says the document holds a candidate that the document still holds after a later edit elsewhere', async () => {
    const r = finishedRun();
    panel = await openPanel(panelState({ run: { ...r, currentTargetText: r.candidates[0].code! } }));
    const { page } = panel;
    assert.strictEqual(await text(page, '[data-role="held"]'), 'The document holds this candidate now.');
    assert.strictEqual(await page.$('[data-role="document-changed"]'), null);
  });

  it('shows a failed run with its error, and ignores messages that break the protocol', async () => {
    panel = await openPanel(panelState({ run: run() }));
    const { page, host } = panel;
    await host.postRaw({ type: 'run/updated', run: { runId: 'run-1' } });
    await host.postRaw({ type: 'candidate/updated', runId: 'run-1', candidate: { id: 'x' } });
    await host.postRaw('not even an object');
    await host.post({ type: 'run/updated', run: run({ status: 'error', stoppedBy: 'error', error: { message: 'The server answered 401: check the API key.', kind: 'auth' } }) });
    await host.post({ type: 'notice/show', level: 'error', message: 'Model request failed.' });
    await settle(page);
    assert.match(await text(page, '[data-banner="run-error"]'), /The run failed\. The server answered 401: check the API key\. \(auth\)/);
    assert.strictEqual(await text(page, '[data-banner="notice"]'), 'Model request failed.');
    assert.strictEqual(await text(page, '[data-role="run-status"]'), 'Failed');
  });
});
