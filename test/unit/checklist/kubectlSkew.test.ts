import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubectlSkewVerdict } from '../../../src/core/checklist/kubectlSkew';

describe('kubectl skew after a hop', () => {
  it('accepts kubectl one minor older, the same minor or one newer', () => {
    for (const v of ['v1.33.9', 'v1.34.1', 'v1.35.0', 'v1.34.2-eks-1']) {
      const r = kubectlSkewVerdict(v, '1.34');
      assert.ok(r.ok, `${v}: ${r.ok ? '' : r.reason}`);
      assert.equal(r.observed, `kubectl ${v} is within one minor of 1.34`);
    }
  });

  it('refuses kubectl two minors away either way, with the range to install', () => {
    assert.deepEqual(kubectlSkewVerdict('v1.31.2', '1.34'), { ok: false, reason: 'kubectl v1.31.2 is more than one minor from 1.34: install kubectl 1.33–1.35' });
    assert.deepEqual(kubectlSkewVerdict('v1.36.0', '1.34'), { ok: false, reason: 'kubectl v1.36.0 is more than one minor from 1.34: install kubectl 1.33–1.35' });
    assert.equal(kubectlSkewVerdict('v2.34.0', '1.34').ok, false);
  });

  it('says so when there is no kubectl or its version cannot be read', () => {
    assert.deepEqual(kubectlSkewVerdict(undefined, '1.34'), { ok: false, reason: 'no local kubectl was found: install kubectl 1.33–1.35' });
    const unreadable = kubectlSkewVerdict('unknown', '1.34');
    assert.ok(!unreadable.ok);
    assert.match(unreadable.reason, /"unknown", which is not a version/);
  });
});
