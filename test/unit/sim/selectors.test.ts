import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelSelectorMatcher, matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector } from '../../sim/selectors';
import { ApiError } from '../../sim/status';

describe('label selectors', () => {
  it('parses equality, set and existence terms', () => {
    const reqs = parseLabelSelector('app=web,tier!=db,env in (prod, staging),!legacy,team');
    assert.deepEqual(reqs, [
      { key: 'app', op: 'eq', value: 'web' },
      { key: 'tier', op: 'neq', value: 'db' },
      { key: 'env', op: 'in', values: ['prod', 'staging'] },
      { key: 'legacy', op: 'notexists' },
      { key: 'team', op: 'exists' },
    ]);
    assert.equal(matchesRequirements(reqs, { app: 'web', env: 'prod', team: 'a' }), true);
    assert.equal(matchesRequirements(reqs, { app: 'web', env: 'dev', team: 'a' }), false);
    assert.equal(matchesRequirements(reqs, { app: 'web', env: 'prod', team: 'a', legacy: '' }), false);
    assert.equal(matchesRequirements(reqs, { app: 'web', env: 'prod', team: 'a', tier: 'db' }), false);
  });

  it('treats == like =', () => {
    assert.deepEqual(parseLabelSelector('a==b'), [{ key: 'a', op: 'eq', value: 'b' }]);
  });

  it('rejects garbage with a 400', () => {
    assert.throws(() => parseLabelSelector('a b c'), (e: unknown) => e instanceof ApiError && e.code === 400);
  });

  it('matches metav1.LabelSelector: nil matches nothing, empty matches everything', () => {
    assert.equal(labelSelectorMatcher(undefined)({ a: 'b' }), false);
    assert.equal(labelSelectorMatcher({})({ a: 'b' }), true);
    const m = labelSelectorMatcher({ matchLabels: { app: 'db' }, matchExpressions: [{ key: 'role', operator: 'In', values: ['primary'] }] });
    assert.equal(m({ app: 'db', role: 'primary' }), true);
    assert.equal(m({ app: 'db', role: 'replica' }), false);
  });
});

describe('field selectors', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };
  it('selects pods by spec.nodeName, metadata.name and status.phase', () => {
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName=n1'), pod), true);
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName=n2'), pod), false);
    assert.equal(matchesFields(parseFieldSelector('metadata.name=p,status.phase!=Succeeded'), pod), true);
    assert.equal(matchesFields(parseFieldSelector('metadata.namespace=ns'), pod), true);
  });
});
