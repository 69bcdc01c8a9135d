// What an old API is told to move to, release by release, as the Kubernetes history has it:
// nothing served yet, an interim API served meanwhile, the final one, or nothing left at all.
// Custom rules can replace each other in a cycle.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRuleSet, builtinRuleSet, type RuleSet } from '../../../src/core/deprecations/ruleSet';
import { scanText } from '../../../src/core/deprecations/scanReport';
import { validateUserRules } from '../../../src/core/deprecations/userRules';

function advice(apiVersion: string, kind: string, minor: number, rules: RuleSet = builtinRuleSet()): string {
  const findings = scanText('a.yaml', `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n`, rules, { target: { major: 1, minor }, includeUpcoming: true }).findings.filter((f) => f.subject === 'api');
  assert.equal(findings.length, 1, `${apiVersion} ${kind} at 1.${minor}`);
  return findings[0].message.slice(findings[0].message.indexOf(';') + 2);
}

/** From a release on (until the next row), the advice. */
const HISTORY: Record<string, [number, string][]> = {
  'extensions/v1beta1 Deployment': [
    [5, 'its replacement apps/v1 is served from 1.9.'],
    [6, 'use apps/v1beta1 instead (apps/v1 from 1.9).'],
    [8, 'use apps/v1beta2 instead (apps/v1 from 1.9).'],
    [9, 'use apps/v1 instead.'],
  ],
  'apps/v1beta1 StatefulSet': [
    [5, 'its replacement apps/v1 is served from 1.9.'],
    [8, 'use apps/v1beta2 instead (apps/v1 from 1.9).'],
    [9, 'use apps/v1 instead.'],
  ],
  // never an older API than the flagged one: apps/v1beta1 is served at 1.8 but is older
  'apps/v1beta2 Deployment': [
    [8, 'its replacement apps/v1 is served from 1.9.'],
    [9, 'use apps/v1 instead.'],
  ],
  'policy/v1beta1 PodSecurityPolicy': [[10, 'there is no replacement API.']],
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema': [
    [20, 'its replacement flowcontrol.apiserver.k8s.io/v1 is served from 1.29.'],
    [23, 'use flowcontrol.apiserver.k8s.io/v1beta2 instead (flowcontrol.apiserver.k8s.io/v1 from 1.29).'],
    [26, 'use flowcontrol.apiserver.k8s.io/v1beta3 instead (flowcontrol.apiserver.k8s.io/v1 from 1.29).'],
    [29, 'use flowcontrol.apiserver.k8s.io/v1 instead.'],
  ],
  'extensions/v1beta1 PodSecurityPolicy': [
    [5, 'its replacement policy/v1beta1 is served from 1.10.'],
    [10, 'use policy/v1beta1 instead.'],
    [25, 'there is no replacement API.'],
  ],
  'extensions/v1beta1 Ingress': [
    [5, 'its replacement networking.k8s.io/v1 is served from 1.19.'],
    [14, 'use networking.k8s.io/v1beta1 instead (networking.k8s.io/v1 from 1.19).'],
    [19, 'use networking.k8s.io/v1 instead.'],
  ],
  'autoscaling/v2beta1 HorizontalPodAutoscaler': [
    [5, 'its replacement autoscaling/v2 is served from 1.23.'],
    [12, 'use autoscaling/v2beta2 instead (autoscaling/v2 from 1.23).'],
    [23, 'use autoscaling/v2 instead.'],
  ],
};

describe('the advice for an old API, release by release', () => {
  for (const [api, rows] of Object.entries(HISTORY)) {
    test(api, () => {
      const [apiVersion, kind] = api.split(' ');
      for (let minor = rows[0][0]; minor <= 34; minor++) {
        const expected = rows.filter(([from]) => from <= minor).at(-1)?.[1];
        assert.equal(advice(apiVersion, kind, minor), expected, `at 1.${minor}`);
      }
    });
  }
});

describe('custom rules that replace each other', () => {
  const custom = (rules: Record<string, unknown>[]): RuleSet => {
    const result = validateUserRules(rules, 'rules.yaml');
    assert.deepEqual(result.errors, []);
    return createRuleSet(result.rules);
  };

  test('a cycle ends the chain and never advises the flagged API itself', () => {
    const rules = custom([
      { id: 'w1', apiVersion: 'example.com/v1', kinds: ['Widget'], deprecatedIn: '1.20', removedIn: '1.30', replacement: 'example.com/v2', replacementAvailableSince: '1.21' },
      { id: 'w2', apiVersion: 'example.com/v2', kinds: ['Widget'], deprecatedIn: '1.22', removedIn: '1.32', replacement: 'example.com/v1', replacementAvailableSince: '1.10' },
    ]);
    assert.deepEqual([21, 29].map((m) => advice('example.com/v1', 'Widget', m, rules)), ['use example.com/v2 instead.', 'use example.com/v2 instead.']);
    assert.deepEqual([22, 29, 30].map((m) => advice('example.com/v2', 'Widget', m, rules)), ['use example.com/v1 instead.', 'use example.com/v1 instead.', 'there is no replacement API.']);
  });

  test('a chain that loops back to an API after the flagged one ends there', () => {
    const rules = custom([
      { id: 'x1', apiVersion: 'example.com/v1', kinds: ['Thing'], deprecatedIn: '1.20', removedIn: '1.30', replacement: 'example.com/v2', replacementAvailableSince: '1.20' },
      { id: 'x2', apiVersion: 'example.com/v2', kinds: ['Thing'], deprecatedIn: '1.22', removedIn: '1.32', replacement: 'example.com/v3', replacementAvailableSince: '1.22' },
      { id: 'x3', apiVersion: 'example.com/v3', kinds: ['Thing'], deprecatedIn: '1.24', removedIn: '1.34', replacement: 'example.com/v2', replacementAvailableSince: '1.20' },
    ]);
    assert.equal(advice('example.com/v1', 'Thing', 23, rules), 'use example.com/v3 instead (example.com/v2 from 1.20).');
  });

  test('an API that is not deprecated at the target is advised before a newer one that is', () => {
    const rules = custom([
      { id: 'g1', apiVersion: 'example.com/v1alpha1', kinds: ['Gizmo'], deprecatedIn: '1.20', removedIn: '1.30', replacement: 'example.com/v1beta1', replacementAvailableSince: '1.20' },
      { id: 'g2', apiVersion: 'example.com/v1beta1', kinds: ['Gizmo'], deprecatedIn: '1.22', removedIn: '1.32', replacement: 'example.com/v1', replacementAvailableSince: '1.18' },
    ]);
    assert.equal(advice('example.com/v1alpha1', 'Gizmo', 21, rules), 'use example.com/v1beta1 instead (example.com/v1 from 1.18).');
    assert.equal(advice('example.com/v1alpha1', 'Gizmo', 23, rules), 'use example.com/v1 instead.');
  });

  test('a newer API that is deprecated at the target is not advised over one that is not', () => {
    const rules = custom([
      { id: 'h1', apiVersion: 'example.com/v1alpha1', kinds: ['Doohickey'], deprecatedIn: '1.16', removedIn: '1.30', replacement: 'example.com/v1beta1', replacementAvailableSince: '1.18' },
      { id: 'h2', apiVersion: 'example.com/v1beta1', kinds: ['Doohickey'], deprecatedIn: '1.30', replacement: 'example.com/v1', replacementAvailableSince: '1.20' },
      { id: 'h3', apiVersion: 'example.com/v1', kinds: ['Doohickey'], deprecatedIn: '1.22' },
    ]);
    assert.equal(advice('example.com/v1alpha1', 'Doohickey', 21, rules), 'use example.com/v1 instead.');
    assert.equal(advice('example.com/v1alpha1', 'Doohickey', 23, rules), 'use example.com/v1beta1 instead (example.com/v1 from 1.20).');
  });

  test('a chain through a removed interim API still reaches its end', () => {
    const rules = custom([
      { id: 'g1', apiVersion: 'example.com/v1alpha1', kinds: ['Gadget'], deprecatedIn: '1.20', removedIn: '1.22', replacement: 'example.com/v1beta1', replacementAvailableSince: '1.20' },
      { id: 'g2', apiVersion: 'example.com/v1beta1', kinds: ['Gadget'], deprecatedIn: '1.24', removedIn: '1.26', replacement: 'example.com/v1', replacementAvailableSince: '1.24' },
    ]);
    assert.equal(advice('example.com/v1alpha1', 'Gadget', 21, rules), 'use example.com/v1beta1 instead (example.com/v1 from 1.24).');
    assert.equal(advice('example.com/v1alpha1', 'Gadget', 27, rules), 'use example.com/v1 instead.');
    // the interim is removed at 1.26: it is not advised any more, the end of the chain is
    assert.equal(advice('example.com/v1alpha1', 'Gadget', 26, rules), 'use example.com/v1 instead.');
  });
});
