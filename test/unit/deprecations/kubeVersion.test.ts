import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareMinor, compareMinorText, formatMinor, nextMinor, parseMinorVersion } from '../../../src/core/versions/kubeVersion';

test('parses plain, v-prefixed, patch and vendor versions', () => {
  assert.deepEqual(parseMinorVersion('1.25'), { major: 1, minor: 25 });
  assert.deepEqual(parseMinorVersion('v1.25.3'), { major: 1, minor: 25 });
  assert.deepEqual(parseMinorVersion('v1.29.4-gke.1043002'), { major: 1, minor: 29 });
  assert.deepEqual(parseMinorVersion('1.30+'), { major: 1, minor: 30 });
  assert.equal(parseMinorVersion('auto'), undefined);
  assert.equal(parseMinorVersion('1'), undefined);
});

test('compares by minor and formats', () => {
  assert.ok(compareMinor({ major: 1, minor: 9 }, { major: 1, minor: 16 }) < 0);
  assert.ok(compareMinorText('1.22', 'v1.22.7') === 0);
  assert.equal(formatMinor(nextMinor({ major: 1, minor: 34 })), '1.35');
});
