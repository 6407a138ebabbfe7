import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { diskReader } from '../../../src/engine/tests/diskReader';
import type { TestFileInput, TestFilePlan } from '../../../src/engine/tests/testFilePlan';
import type { ParsedTest } from '../../../src/engine/agreement/assertParser';

/** A throwaway project on disk: files written by the test, commands run in it for real. */
export class TempProject {
  readonly root = mkdtempSync(path.join(tmpdir(), 'tests-first-'));

  write(files: Record<string, string>): this {
    for (const [relative, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(this.root, relative)), { recursive: true });
      writeFileSync(path.join(this.root, relative), text);
    }
    return this;
  }

  /** The renderer's input for `functionName` in `filePath` (read from this project). */
  input(filePath: string, fileText: string, functionName: string, testCommand: string, tests: ParsedTest[]): TestFileInput {
    return { workspaceRoot: this.root, filePath, fileText, functionName, testCommand, tests, ...diskReader(this.root) };
  }

  /** Writes the plan's text, as Accept would. */
  apply(plan: TestFilePlan): void {
    this.write({ [plan.path]: plan.after });
  }

  /** Runs a command in the project; resolves with its exit code and output. */
  run(command: string, args: string[]): { code: number | null; output: string } {
    const result = spawnSync(command, args, { cwd: this.root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: '1', NODE_OPTIONS: '' } });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
