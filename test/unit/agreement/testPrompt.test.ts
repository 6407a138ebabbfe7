import * as assert from 'node:assert/strict';
import { testPrompt } from '../../../src/engine/agreement/generatedTests';
import type { Task } from '../../../src/engine/task';

const FILE = `import re


def previous(xs):
    """Returns xs unchanged."""
    return xs


def parse_duration(text: str) -> int:
    """Seconds in a duration like '1h30m'; raises ValueError on anything else."""
    total = 0
    for amount, unit in re.findall(r'(\\d+)([hms])', text):
        total += int(amount) * {'h': 3600, 'm': 60, 's': 1}[unit]
    return total


def after():
    return 1
`;

function pythonTask(targetKind: Task['targetKind'], start: number, end: number): Task {
  return { workspaceRoot: '/nowhere', filePath: 'duration.py', fileText: FILE, range: { start, end }, targetKind, functionName: 'parse_duration', spec: '', testCommand: 'python3 -m pytest -q', language: 'python' };
}

describe('the generated-test prompt', () => {
  it('shows a whole-function target its own signature and docstring, and stubs its body, not the previous function', async () => {
    const start = FILE.indexOf('def parse_duration');
    const end = FILE.indexOf('\n\n\ndef after');
    const prompt = await testPrompt(pythonTask('function', start, end));
    assert.ok(prompt.includes('def parse_duration(text: str) -> int:'), prompt);
    assert.ok(prompt.includes("Seconds in a duration like '1h30m'"), prompt);
    assert.ok(!prompt.includes('total = 0'), 'the body is not shown: the model writes tests, not the code');
    // The stub lands in the target: right after its docstring, at its body's indentation.
    assert.match(prompt, /raises ValueError on anything else\."""\n {4}pass\n\n# check the correctness of parse_duration\nassert$/);
    assert.match(prompt, /return xs\n\n\ndef parse_duration/, 'the previous function keeps its own body');
  });

  it('keeps the prompt of a body target as it was: the text before the body, then a stub', async () => {
    const start = FILE.indexOf('    total = 0');
    const end = FILE.indexOf('\n\n\ndef after');
    const prompt = await testPrompt(pythonTask('body', start, end));
    assert.ok(prompt.endsWith(`anything else."""\n    pass\n\n# check the correctness of parse_duration\nassert`), prompt);
  });
});
