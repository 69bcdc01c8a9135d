// Lists inside Lists, as kubectl flattens them when it applies them: their objects are found with
// their own names, down to the nesting the analysis opens, and items that are not objects are
// passed over.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { scanText } from '../../../src/core/deprecations/scanReport';

const rules = builtinRuleSet();
const TARGET = { major: 1, minor: 25 };
const cron = (name: string): Record<string, unknown> => ({ apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name }, spec: { schedule: '* * * * *' } });
const list = (items: unknown[], kind = 'List'): Record<string, unknown> => ({ apiVersion: 'v1', kind, items });

function found(value: unknown): string[] {
  const text = JSON.stringify(value, null, 2);
  return scanText('list.json', text, rules, { target: TARGET }).findings.map((f) => `${f.ruleId} ${f.objectKind} ${f.objectName ?? '-'}`);
}

/** A CronJob inside `depth` Lists, the outermost being the document itself. */
function nested(depth: number): unknown {
  let value: unknown = cron(`at-${depth}`);
  for (let i = 0; i < depth; i++) {
    value = list([value]);
  }
  return value;
}

describe('Lists in Lists', () => {
  test('objects of a List inside a List are found with their own names', () => {
    assert.deepEqual(found(list([cron('top'), list([cron('inner'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }])])), [
      'cronjob-batch-v1beta1 CronJob top',
      'cronjob-batch-v1beta1 CronJob inner',
    ]);
    assert.deepEqual(found(list([list([cron('in-a-typed-list')], 'CronJobList')])), ['cronjob-batch-v1beta1 CronJob in-a-typed-list']);
  });

  test('Lists are opened down to eight levels', () => {
    for (let depth = 1; depth <= 8; depth++) {
      assert.deepEqual(found(nested(depth)), [`cronjob-batch-v1beta1 CronJob at-${depth}`], `depth ${depth}`);
    }
    assert.deepEqual(found(nested(9)), []);
    assert.deepEqual(found(nested(12)), []);
  });

  test('items that are not objects with an apiVersion and a kind are passed over', () => {
    const inner = list(['a string', 42, null, ['a', 'list'], { kind: 'CronJob', metadata: { name: 'no-api' } }, { apiVersion: 'batch/v1beta1', metadata: { name: 'no-kind' } }, cron('kept')]);
    assert.deepEqual(found(list([inner])), ['cronjob-batch-v1beta1 CronJob kept']);
    for (const items of [{ not: 'a sequence' }, 'none', null]) {
      assert.deepEqual(found(list([{ apiVersion: 'v1', kind: 'List', items }, cron('after')])), ['cronjob-batch-v1beta1 CronJob after'], JSON.stringify(items));
    }
    const numericApi = { apiVersion: 1, kind: 'Pod', metadata: { name: 'numeric-api', labels: { 'failure-domain.beta.kubernetes.io/zone': 'z1' } } };
    assert.deepEqual(found(list([list([numericApi, cron('next')])])), ['cronjob-batch-v1beta1 CronJob next']);
    // as an item of the outer List it is passed over the same way
    assert.deepEqual(found(list([numericApi, cron('next')])), ['cronjob-batch-v1beta1 CronJob next']);
    const unnamed = found(list([list([{ apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: 'not a map' }, { apiVersion: 'batch/v1beta1', kind: 'CronJob' }])]));
    assert.deepEqual(unnamed, ['cronjob-batch-v1beta1 CronJob -', 'cronjob-batch-v1beta1 CronJob -']);
  });

  test('Fix All moves the objects of a nested List, each in its own place', () => {
    const text = JSON.stringify(list([list([cron('one'), cron('two')])]), null, 2);
    const fixed = fixAllText(text, rules, { target: TARGET, path: 'list.json' });
    assert.deepEqual(fixed.manual, []);
    const value = JSON.parse(fixed.text) as { items: { items: { apiVersion: string; metadata: { name: string } }[] }[] };
    assert.deepEqual(value.items[0].items.map((i) => `${i.apiVersion} ${i.metadata.name}`), ['batch/v1 one', 'batch/v1 two']);
    assert.deepEqual(found(value), []);
  });
});
