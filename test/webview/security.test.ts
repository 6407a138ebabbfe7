import assert from 'assert';
import path from 'path';
import type { CandidateView } from '../../src/protocol';
import { buildPanelHtml, createNonce, panelCsp } from '../../src/vscode/panelHtml';
import { finished, finishedRun, panelState, verification } from './fixtures';
import type { PanelPage } from './harness';
import { openPanel, SCREENSHOTS, settle } from './harness';

// Each payload would set window.__pwned if it were ever parsed as HTML or run as script.
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=\'img\'">',
  '</script><script>window.__pwned="script"</script>',
  '<svg onload="window.__pwned=\'svg\'"></svg>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '"><b onmouseover="window.__pwned=1">hover</b>',
];
const ALL = PAYLOADS.join('\n');

function hostileCandidate(): CandidateView {
  return finished(1, 0, 1, {
    code: `def has_close_elements(numbers, threshold):\n    return "${ALL}"\n`,
    content: ALL,
    reasoningText: `Let me think. ${ALL}`,
    rejection: ALL,
    finishReason: PAYLOADS[0],
    applied: { sent: [{ name: PAYLOADS[2], value: PAYLOADS[1] }], notApplied: [PAYLOADS[3]] },
    score: { testsPassed: 1, testsTotal: 2, agreement: 1, tokens: -1, rank: 1, explanation: PAYLOADS[4] },
    verification: verification(1, {
      tests: [
        { name: `test_${PAYLOADS[0]}`, status: 'failed', message: PAYLOADS[1] },
        { name: 'test_ok', status: 'passed' },
      ],
      output: ALL,
      sandboxNote: PAYLOADS[2],
      reason: PAYLOADS[3],
    }),
  });
}

describe('panel security', () => {
  let panel: PanelPage | undefined;

  afterEach(async () => {
    await panel?.close();
    panel = undefined;
  });

  it('renders model output, test logs and host strings as inert text', async () => {
    const run = finishedRun();
    run.candidates = [hostileCandidate()];
    run.ranking = [1];
    run.choice = null;
    run.abstention = { reason: PAYLOADS[0], bestPartialId: 1 };
    run.task = { ...run.task, functionName: PAYLOADS[1], filePath: PAYLOADS[0], testCommand: PAYLOADS[2] };
    run.verifier = PAYLOADS[3];
    run.notices = [PAYLOADS[4]];
    run.verifierStrength = { level: 'weak', testsCount: 2, candidatesPassing: 0, candidatesVerified: 1, passingClusters: 0, note: PAYLOADS[1] };
    panel = await openPanel(
      panelState({
        run,
        bubblewrapStatus: { available: false, detail: PAYLOADS[0] },
        memory: [{ id: 'm1', kind: 'snippet', text: ALL, timesUsed: 0, timesHelped: 0, pinned: false, tokens: 9 }],
        controls: { ...panelState().controls, providerLabel: PAYLOADS[0], model: PAYLOADS[1] },
      }),
    );
    const { page, host } = panel;
    await host.post({ type: 'notice/show', level: 'warning', message: PAYLOADS[1] });
    await host.post({ type: 'candidate/delta', runId: 'run-1', candidateId: 1, content: PAYLOADS[0], reasoning: PAYLOADS[1] });
    for (const summary of ['Code', 'Reasoning', 'Test output', 'Request', 'Next run', 'Memory']) await page.click(`summary:has-text("${summary}")`);
    await page.hover('.diff');
    await settle(page);

    assert.strictEqual(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'no payload ran');
    const counts = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      img: document.querySelectorAll('img').length,
      iframe: document.querySelectorAll('iframe').length,
      b: document.querySelectorAll('b').length,
      svgOnload: document.querySelectorAll('svg[onload]').length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    assert.deepStrictEqual(counts, { scripts: 1, img: 0, iframe: 0, b: 0, svgOnload: 0, handlers: 0 });
    // CSP never had to step in: nothing was even attempted.
    assert.deepStrictEqual(await panel.cspViolations(), []);
    assert.deepStrictEqual(panel.pageErrors, []);

    // And the payloads are visible literally, where the user would look.
    const visible = await page.evaluate(() => document.body.innerText);
    for (const payload of PAYLOADS) assert.ok(visible.includes(payload), `payload shown as text: ${payload}`);
    assert.strictEqual(await page.$eval('.section-reasoning pre', (e) => e.textContent), `Let me think. ${ALL}${PAYLOADS[1]}`);
    assert.strictEqual(await page.$eval('.section-output pre', (e) => e.textContent), ALL);
    assert.strictEqual(await page.$eval('#notice', (e) => e.textContent), PAYLOADS[1]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'xss-inert.png'), fullPage: true });
  });

  it('serves the page under a nonce CSP that blocks any script the page did not ship', async () => {
    panel = await openPanel(panelState());
    const { page } = panel;
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.getAttribute('content') ?? '');
    const nonce = await page.$eval('script[nonce]', (s) => (s as HTMLScriptElement).nonce ?? '');
    assert.strictEqual(csp, panelCsp(new URL(page.url()).origin, nonce));
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}'; style-src http:\/\/127\.0\.0\.1:\d+;/);
    // If something ever did slip markup into the page, the policy still stops it.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = "inline"';
      document.body.appendChild(script);
      const div = document.createElement('div');
      div.setAttribute('onclick', 'window.__pwned = "handler"');
      document.body.appendChild(div);
      div.click();
    });
    await settle(page);
    assert.strictEqual(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    const violations = await panel.cspViolations();
    assert.ok(violations.length >= 2 && violations.every((v) => v.startsWith('script-src')), JSON.stringify(violations));
  });

  it('builds the page with a fresh nonce, escaped attributes and no inline script or style', () => {
    const a = createNonce();
    const b = createNonce();
    assert.notStrictEqual(a, b);
    assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
    const html = buildPanelHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: a, scriptUri: 'https://x/panel.js?a=1&b="2"', styleUri: 'https://x/panel.css', codiconUri: 'https://x/codicon.css' });
    assert.ok(html.includes('src="https://x/panel.js?a=1&amp;b=&quot;2&quot;"'));
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
    assert.ok(!/<style|style=/.test(html));
    assert.ok(html.includes(`<script nonce="${a}"`));
    assert.throws(() => buildPanelHtml({ cspSource: 'x', nonce: 'short', scriptUri: 'a', styleUri: 'b', codiconUri: 'c' }), /nonce/);
  });
});
