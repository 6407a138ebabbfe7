import * as assert from 'node:assert/strict';
import { ModelError } from '../../../src/engine/model/types';

/** Resolves with the ModelError `promise` rejected with; fails the test if it resolved or threw anything else. */
export async function rejection(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ModelError, `expected a ModelError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to reject');
}
