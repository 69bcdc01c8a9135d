import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { lines, quickFix, rules } from './mutEditorHelpers';

/*
 * A quick fix (and Fix All) on a file with a YAML alias that names no anchor: the analysis still
 * finds the old API, and the fix must decline with a reason instead of failing.
 */

const ingress = (backend: string): string[] => ['apiVersion: extensions/v1beta1', 'kind: Ingress', 'metadata:', '  name: web', 'spec:', `  backend: ${backend}`];

describe('an alias without an anchor before it', () => {
  test('the quick fix declines and names the alias', () => {
    assert.deepEqual(quickFix(lines(...ingress('{serviceName: web, servicePort: *port}')), 'ingress-extensions-v1beta1'), {
      manual: 'a value the change depends on cannot be read: Unresolved alias (the anchor must be set before the alias): port',
    });
  });

  test('an anchor set after the alias does not count', () => {
    const text = lines(...ingress('{serviceName: web, servicePort: *port}'), 'x: &port 80');
    assert.deepEqual(quickFix(text, 'ingress-extensions-v1beta1'), {
      manual: 'a value the change depends on cannot be read: Unresolved alias (the anchor must be set before the alias): port',
    });
  });

  test('an annotation value given by such an alias is not moved', () => {
    const text = lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations:', '    seccomp.security.alpha.kubernetes.io/pod: *profile', 'spec:', '  containers: [{name: c, image: nginx}]');
    assert.deepEqual(quickFix(text, 'annotation-seccomp-pod'), {
      manual: 'a value the change depends on cannot be read: Unresolved alias (the anchor must be set before the alias): profile',
    });
  });

  test('Fix All still fixes the other documents and lists the declined one', () => {
    const text = lines(...ingress('{serviceName: web, servicePort: *port}'), '---', 'apiVersion: batch/v1beta1', 'kind: CronJob', 'metadata:', '  name: nightly');
    const result = fixAllText(text, rules, { target: { major: 1, minor: 33 } });
    assert.deepEqual(result, {
      text: text.replace('batch/v1beta1', 'batch/v1'),
      applied: 1,
      manual: [{ ruleId: 'ingress-extensions-v1beta1', line: 0, reason: 'a value the change depends on cannot be read: Unresolved alias (the anchor must be set before the alias): port' }],
    });
  });
});
