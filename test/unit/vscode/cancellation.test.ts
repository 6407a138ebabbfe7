import * as assert from 'node:assert/strict';
import { linkTokenToController } from '../../../src/vscode/cancellation';
import { TestEventEmitter } from '../../doubles/inMemorySecretStorage';

function token(cancelled = false) {
  const emitter = new TestEventEmitter<void>();
  const t = {
    isCancellationRequested: cancelled,
    onCancellationRequested: (listener: () => unknown) => emitter.event(listener),
    cancel: () => {
      t.isCancellationRequested = true;
      emitter.fire();
    },
    emitter,
  };
  return t;
}

describe('linkTokenToController', () => {
  it('aborts the signal when the token is cancelled, and stops listening once disposed', () => {
    const t = token();
    const controller = new AbortController();
    const link = linkTokenToController(t, controller);
    assert.equal(controller.signal.aborted, false);
    t.cancel();
    assert.equal(controller.signal.aborted, true);
    link.dispose();
    assert.equal(t.emitter.listenerCount, 0);
  });

  it('aborts at once for a token that is already cancelled', () => {
    const controller = new AbortController();
    linkTokenToController(token(true), controller);
    assert.equal(controller.signal.aborted, true);
  });

  it('does nothing after dispose', () => {
    const t = token();
    const controller = new AbortController();
    linkTokenToController(t, controller).dispose();
    t.cancel();
    assert.equal(controller.signal.aborted, false);
  });
});
