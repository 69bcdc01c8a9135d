import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareMinor, compareMinorText, parseMinorVersion } from '../../../src/core/versions/kubeVersion';

test('a version is the whole text: leading or trailing words are no version', () => {
  assert.equal(parseMinorVersion('kubelet 1.25'), undefined);
  assert.equal(parseMinorVersion('1.25 please'), undefined);
  assert.deepEqual(parseMinorVersion('  v1.25.3  '), { major: 1, minor: 25 });
});

test('majors and minors of several digits, but not beyond what a number holds exactly', () => {
  assert.deepEqual(parseMinorVersion('10.2'), { major: 10, minor: 2 });
  assert.equal(parseMinorVersion('1.99999999999999999999'), undefined);
  assert.equal(parseMinorVersion('99999999999999999999.1'), undefined);
});

test('the major decides before the minor', () => {
  assert.ok(compareMinor({ major: 2, minor: 0 }, { major: 1, minor: 30 }) > 0);
  assert.ok(compareMinor({ major: 1, minor: 5 }, { major: 2, minor: 5 }) < 0);
});

test('unparsable text sorts before every version and ties with other unparsable text', () => {
  assert.ok(compareMinorText('auto', '1.2') < 0);
  assert.ok(compareMinorText('1.2', 'auto') > 0);
  assert.equal(compareMinorText('auto', 'latest'), 0);
  assert.ok(compareMinorText('1.22', 'v1.23.1') < 0, 'two versions still compare by minor');
});
