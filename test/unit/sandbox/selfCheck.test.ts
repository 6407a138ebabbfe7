import * as assert from 'node:assert/strict';
import { findBubblewrap } from '../../../src/engine/verify/bubblewrap';
import { judgeFacts, runSelfCheck } from '../../../src/engine/verify/sandbox/selfCheck';
import type { SelfCheckFacts, SelfCheckResult } from '../../../src/engine/verify/sandbox/selfCheck';
import { requireSandbox } from '../verify/helpers';
import { canRunAsNobody, runAsUser } from './helpers';

/** Each property the issue asks the sandbox to prove, asserted one by one. */
function assertContained(check: SelfCheckResult): void {
  assert.ok(check.facts, `no facts: ${check.ok ? '' : check.reason}`);
  const facts = check.facts;
  assert.equal(facts.capEff, '0000000000000000', 'effective capabilities inside');
  assert.notEqual(facts.uid, 0, 'uid inside');
  assert.deepEqual(facts.parentEntries, ['project'], "the workspace's parent shows only the workspace");
  assert.equal(facts.siblingReadable, false, 'a file beside the workspace');
  assert.deepEqual(facts.writesOutside, [], 'writes outside the copy');
  assert.equal(facts.shadowVisible, false, '/etc/shadow');
  assert.equal(facts.copyWritable, true, 'the copy itself is writable');
  assert.equal(check.ok, true, check.ok ? '' : check.reason);
}

describe('sandbox self-check', function () {
  this.timeout(60_000);

  before(async function () {
    await requireSandbox(this);
  });

  it(`holds in this process (uid ${process.getuid?.()})`, async () => {
    assertContained(await runSelfCheck(findBubblewrap() as string));
  });

  it('holds for a normal user (uid 65534, started from root) too', async function () {
    if (!canRunAsNobody()) this.skip(); // already a normal user: the test above is that case
    const { uid, check } = await runAsUser<{ uid: number; check: SelfCheckResult }>({ kind: 'self-check' });
    assert.equal(uid, 65534);
    assertContained(check);
  });

  it('names each broken property', () => {
    const broken: SelfCheckFacts = {
      capEff: '000001ffffffffff',
      uid: 0,
      parentEntries: ['project', 'secrets'],
      writesOutside: ['/etc/probe'],
      shadowVisible: true,
      copyWritable: false,
      siblingReadable: true,
    };
    const problems = judgeFacts(broken, 'project').join('; ');
    for (const expected of [/capabilities/, /uid 0/, /parent folder shows secrets/, /write outside its copy/, /shadow/, /beside the workspace/, /not writable/]) {
      assert.match(problems, expected);
    }
  });
});
