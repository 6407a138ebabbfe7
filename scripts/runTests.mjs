// Runs every test suite in turn and ends with one plain line `N passed, N failed, N skipped`,
// totalled over all of them. Exits non-zero if anything failed. Uses only Node built-ins so it
// can install the project's dependencies itself on a fresh clone.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const setup = spawnSync('bash', ['scripts/setup.sh'], { cwd: root, stdio: 'inherit' });
if (setup.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// setup.sh installs bubblewrap on Linux, so the sandbox suites must run here: with this set
// they fail instead of skipping when no sandbox can be made, and a green run means they ran.
if (process.platform === 'linux') process.env.BEST_OF_N_EXPECT_SANDBOX = '1';

const scripts = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).scripts ?? {};

/** Each suite: a name and the command; `mocha` suites report `N passing/failing/pending`. */
const suites = [
  { name: 'typecheck', command: 'npx tsc --noEmit -p .', kind: 'gate' },
  { name: 'build', command: 'node esbuild.js', kind: 'gate' },
  { name: 'unit', command: 'npx mocha --reporter spec', kind: 'mocha' },
  { name: 'webview', command: 'npm run --silent test:webview', kind: 'mocha', script: 'test:webview' },
  { name: 'integration', command: 'npm run --silent test:integration', kind: 'mocha', script: 'test:integration' },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];

function run(command) {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { process.stderr.write(d); });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Sums mocha's `N passing` / `N failing` / `N pending` lines (a suite may run mocha several times). */
function mochaCounts(out) {
  const sum = (word) => [...out.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  return { passed: sum('passing'), failed: sum('failing'), skipped: sum('pending') };
}

for (const suite of suites) {
  if (suite.script && !scripts[suite.script]) {
    // A missing suite is a failure, never a silent skip.
    console.log(`\n== ${suite.name}: npm script ${suite.script} is missing`);
    totals.failed += 1;
    summary.push(`${suite.name}: missing`);
    continue;
  }
  console.log(`\n== ${suite.name}: ${suite.command}`);
  const started = Date.now();
  const { code, out } = await run(suite.command);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (suite.kind === 'gate') {
    totals[code === 0 ? 'passed' : 'failed'] += 1;
    summary.push(`${suite.name}: ${code === 0 ? 'ok' : 'FAILED'} (${seconds}s)`);
    continue;
  }
  const counts = mochaCounts(out);
  // A non-zero exit with no failing test counted (crash, no tests run) is still a failure.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  if (code === 0 && counts.passed === 0) counts.failed += 1; // a suite that ran no test is not green
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  summary.push(`${suite.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds}s)`);
}

console.log('\n== summary');
for (const line of summary) console.log(`  ${line}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || !existsSync(`${root}/dist/extension.js`) ? 1 : 0);
