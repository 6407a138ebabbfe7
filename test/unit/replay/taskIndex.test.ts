import * as assert from 'node:assert/strict';
import { loadHumanEval } from '../../../src/engine/humaneval/dataset';
import { TaskIndex } from '../../../src/cli/replay/taskIndex';

describe('replay task recognition', () => {
  it('recognises every task from its user-facing prompt and from the prompt the model saw', async () => {
    const dataset = await loadHumanEval();
    const index = new TaskIndex(dataset.problems);
    for (const problem of dataset.problems) {
      for (const text of [problem.prompt, problem.samplePrompt, `Fix this:\n\n${problem.prompt.replace(/\n/g, '\r\n')}`]) {
        const match = index.match(text);
        assert.equal(match.kind === 'found' ? match.problem.taskId : match.kind, problem.taskId);
      }
    }
    assert.deepEqual(index.match('def has_close_elements(x):\n    pass\n'), { kind: 'none' });
  });
});
