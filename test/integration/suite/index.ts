// Entry point in the `@vscode/test-electron` format: VS Code's extension host loads this file
// (--extensionTestsPath) and awaits run(). The same compiled file runs under test-electron and
// inside code-server's extension host (see test/integration/runInCodeServer.ts).
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { suiteContext } from './context';

/** The reporter hook mocha's spec reporter prints through (not in @types/mocha). */
interface ReporterBase {
  consoleLog: (...args: unknown[]) => void;
}

/** Runs the compiled `*.test.js` files next to this one for the run's trust mode; rejects on any failure. */
export async function run(): Promise<void> {
  const context = suiteContext();
  const base = Mocha.reporters.Base as unknown as ReporterBase;
  const print = base.consoleLog;
  // code-server's extension host has no stdout the runner can read: copy the report to a file too.
  base.consoleLog = (...args: unknown[]): void => {
    print(...args);
    if (context.reportFile !== undefined) appendFileSync(context.reportFile, `${format(...args)}\n`);
  };
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 180_000 });
  // Trusted and untrusted suites need differently started windows: one run per mode.
  const suffix = context.trust === 'untrusted' ? '.untrusted.test.js' : '.trusted.test.js';
  const files = readdirSync(__dirname).filter((name) => name.endsWith(suffix)).sort();
  if (files.length === 0) throw new Error(`no ${suffix} files in ${__dirname}`);
  for (const file of files) mocha.addFile(join(__dirname, file));
  try {
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
  } finally {
    base.consoleLog = print;
  }
}
