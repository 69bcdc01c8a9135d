import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareKubeVersions } from '../../../src/core/versions/versionOrder';

test('orders Kubernetes versions oldest first', () => {
  const ordered = [
    'garbage',
    'v1.9.0',
    'v1.29.0-alpha.1',
    'v1.29.0-beta.0',
    'v1.29.0-rc.2',
    'v1.29.0',
    'v1.29.0-eks-1',
    'v1.29.0-eks-2',
    'v1.29.3+k3s1',
    'v1.29.10',
    '1.30.0',
    'v1.30.0+rke2r1',
  ];
  const shuffled = [...ordered].reverse();
  shuffled.push(shuffled.splice(3, 1)[0]);
  assert.deepEqual(shuffled.sort(compareKubeVersions), ordered);
});

test('is a total order: equal only for identical text', () => {
  assert.equal(compareKubeVersions('v1.30.0', 'v1.30.0'), 0);
  assert.ok(compareKubeVersions('1.30.0', 'v1.30.0') !== 0);
  assert.ok(compareKubeVersions('', 'x') < 0);
  assert.equal(Math.sign(compareKubeVersions('v1.30.1', 'v1.30.0')), 1);
});

test('a vendor suffix that merely contains "rc" or "beta" is a build of the release, not a pre-release', () => {
  assert.deepEqual(['v1.30.0-circleci.1', 'v1.30.0', 'v1.30.0-vendorbeta.2'].sort(compareKubeVersions), ['v1.30.0', 'v1.30.0-circleci.1', 'v1.30.0-vendorbeta.2']);
});

test('a pre-release written without its hyphen (1.30.0beta1) still comes before the release', () => {
  assert.ok(compareKubeVersions('v1.30.0beta1', 'v1.30.0') < 0);
  assert.ok(compareKubeVersions(' v1.30.0 ', 'v1.29.9') > 0, 'surrounding spaces are ignored');
});

test('unparsable text comes before every version, whichever side it is on, and among itself by text', () => {
  assert.ok(compareKubeVersions('zzz', 'v1.0.0') < 0);
  assert.ok(compareKubeVersions('v1.0.0', 'zzz') > 0);
  assert.ok(compareKubeVersions('aaa', 'bbb') < 0);
  assert.ok(compareKubeVersions('bbb', 'aaa') > 0);
  assert.ok(compareKubeVersions('v1.9.0', 'v1.10.0') < 0, 'by version, not by text');
});
