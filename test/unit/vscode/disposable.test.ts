import * as assert from 'node:assert/strict';
import { Disposable, toDisposable } from '../../../src/vscode/disposable';

class Owner extends Disposable {
  add(fn: () => void): void {
    this._register(toDisposable(fn));
  }
}

describe('Disposable', () => {
  it('disposes what it owns once, in reverse order, even when one throws', () => {
    const order: string[] = [];
    const owner = new Owner();
    owner.add(() => order.push('first'));
    owner.add(() => {
      order.push('boom');
      throw new Error('boom');
    });
    owner.add(() => order.push('last'));
    assert.throws(() => owner.dispose(), AggregateError);
    assert.deepEqual(order, ['last', 'boom', 'first']);
    owner.dispose();
    assert.deepEqual(order, ['last', 'boom', 'first'], 'a second dispose does nothing');
  });

  it('disposes at once what is registered after disposal', () => {
    const owner = new Owner();
    owner.dispose();
    let disposed = false;
    owner.add(() => (disposed = true));
    assert.equal(disposed, true);
  });
});
