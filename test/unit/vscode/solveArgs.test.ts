import * as assert from 'node:assert/strict';
import { parseCandidateArgs, parseSolveArgs } from '../../../src/vscode/solveArgs';

describe('command arguments', () => {
  it('accepts nothing, a full object, or the URI the context menu passes', () => {
    assert.deepEqual(parseSolveArgs(undefined), {});
    assert.deepEqual(parseSolveArgs({ uri: 'file:///ws/a.py', functionName: 'has_close_elements', testCommand: 'python3 -m pytest -q' }), {
      uri: 'file:///ws/a.py',
      functionName: 'has_close_elements',
      testCommand: 'python3 -m pytest -q',
    });
    const uri = { scheme: 'file', path: '/ws/a.py', toString: () => 'file:///ws/a.py' };
    assert.equal(parseSolveArgs(uri).uri, uri);
  });

  it('rejects malformed arguments with a clear message', () => {
    assert.throws(() => parseSolveArgs('a.py'), /takes an object/);
    assert.throws(() => parseSolveArgs({ functionName: 'rm -rf /' }), /identifier/);
    assert.throws(() => parseSolveArgs({ testCommand: '' }), /non-empty/);
    assert.throws(() => parseSolveArgs({ uri: 3 }), /uri must be/);
  });

  it('parses candidate arguments', () => {
    assert.deepEqual(parseCandidateArgs(3), { candidateId: 3 });
    assert.deepEqual(parseCandidateArgs({ candidateId: 2, applyToNewText: true }), { candidateId: 2, applyToNewText: true });
    assert.throws(() => parseCandidateArgs({ candidateId: 0 }), /positive integer/);
    assert.throws(() => parseCandidateArgs({ applyToNewText: 'yes' }), /true or false/);
  });
});
