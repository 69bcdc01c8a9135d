import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { CORDON_ANNOTATIONS, ago, cordonedTooLong, describeCordon, readCordonInfo } from '../../../src/core/cluster/cordonRecord';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const HOUR = 3_600_000;

describe('the cordon record kept in node annotations', () => {
  it('uses annotation keys under its own prefix, apart from kubectl and the node controller', () => {
    assert.deepEqual(CORDON_ANNOTATIONS, {
      by: 'kubernetes-maintenance.io/cordoned-by',
      at: 'kubernetes-maintenance.io/cordoned-at',
      reason: 'kubernetes-maintenance.io/cordon-reason',
    });
  });

  it('reads who, when and why back from the annotations it wrote', () => {
    const annotations = {
      'kubernetes-maintenance.io/cordoned-by': 'alice',
      'kubernetes-maintenance.io/cordoned-at': '2026-11-28T12:00:00Z',
      'kubernetes-maintenance.io/cordon-reason': 'kernel patch',
      'node.alpha.kubernetes.io/ttl': '0',
    };
    assert.deepEqual(readCordonInfo(annotations), { by: 'alice', at: '2026-11-28T12:00:00Z', reason: 'kernel patch' });
  });

  it('keeps only the parts that were recorded', () => {
    assert.deepEqual(readCordonInfo({ 'kubernetes-maintenance.io/cordoned-by': 'bob' }), { by: 'bob' });
    assert.deepEqual(readCordonInfo({ 'kubernetes-maintenance.io/cordoned-at': '2026-12-01T10:00:00Z' }), { at: '2026-12-01T10:00:00Z' });
    assert.deepEqual(readCordonInfo({ 'kubernetes-maintenance.io/cordon-reason': 'disk' }), { reason: 'disk' });
  });

  it('drops empty annotation values but still tells a record from no record', () => {
    const info = readCordonInfo({ 'kubernetes-maintenance.io/cordoned-by': '', 'kubernetes-maintenance.io/cordon-reason': 'rack move' });
    assert.deepEqual(info, { reason: 'rack move' });
    assert.deepEqual(readCordonInfo({ 'kubernetes-maintenance.io/cordoned-at': '' }), {});
  });

  it('has no record for a node without annotations or with only foreign ones (cordoned by kubectl)', () => {
    assert.equal(readCordonInfo(undefined), undefined);
    assert.equal(readCordonInfo({}), undefined);
    assert.equal(readCordonInfo({ 'kubectl.kubernetes.io/last-applied-configuration': '{}', cordoned: 'yes' }), undefined);
  });
});

describe('describeCordon', () => {
  it('says how long ago, by whom and why', () => {
    assert.equal(describeCordon({ by: 'alice', at: '2026-11-28T12:00:00Z', reason: 'kernel patch' }, NOW), '3 d ago by alice: kernel patch');
  });

  it('leaves out what was not recorded', () => {
    assert.equal(describeCordon({ at: '2026-12-01T10:00:00Z' }, NOW), '2 h ago');
    assert.equal(describeCordon({ by: 'bob' }, NOW), 'by bob');
    assert.equal(describeCordon({ reason: 'disk replacement' }, NOW), 'disk replacement');
    assert.equal(describeCordon({ by: 'bob', reason: 'disk' }, NOW), 'by bob: disk');
    assert.equal(describeCordon({ at: '2026-12-01T11:59:30Z', reason: 'disk' }, NOW), '30 s ago: disk');
    assert.equal(describeCordon({}, NOW), '');
    assert.equal(describeCordon(undefined, NOW), '');
  });

  it('ignores a cordon time that is not a time', () => {
    assert.equal(describeCordon({ at: 'last tuesday', by: 'carol' }, NOW), 'by carol');
    assert.equal(describeCordon({ at: 'soon' }, NOW), '');
  });
});

describe('ago', () => {
  it('uses seconds, minutes, hours and days at their boundaries', () => {
    assert.equal(ago(0), '0 s');
    assert.equal(ago(59_000), '59 s');
    assert.equal(ago(60_000), '1 min');
    assert.equal(ago(90_000), '2 min');
    assert.equal(ago(3_599_000), '60 min');
    assert.equal(ago(HOUR), '1 h');
    assert.equal(ago(5.4 * HOUR), '5 h');
    assert.equal(ago(86_399_000), '24 h');
    assert.equal(ago(24 * HOUR), '1 d');
    assert.equal(ago(36 * HOUR), '2 d');
  });

  it('rounds to the nearest second and never goes negative when clocks disagree', () => {
    assert.equal(ago(1_499), '1 s');
    assert.equal(ago(1_500), '2 s');
    assert.equal(ago(59_499), '59 s');
    assert.equal(ago(59_500), '1 min');
    assert.equal(ago(-5_000), '0 s');
  });
});

describe('cordonedTooLong', () => {
  const at = new Date(NOW - 24 * HOUR).toISOString();

  it('flags a node cordoned for longer than the limit, not one exactly at it', () => {
    assert.equal(cordonedTooLong({ at }, NOW, 23), true);
    assert.equal(cordonedTooLong({ at }, NOW, 24), false);
    assert.equal(cordonedTooLong({ at }, NOW + 1, 24), true);
    assert.equal(cordonedTooLong({ at }, NOW, 25), false);
  });

  it('never flags when the limit is off or the time is unknown', () => {
    assert.equal(cordonedTooLong({ at }, NOW, 0), false);
    assert.equal(cordonedTooLong({ at }, NOW, -1), false);
    assert.equal(cordonedTooLong({ by: 'alice' }, NOW, 1), false);
    assert.equal(cordonedTooLong({ at: 'garbage' }, NOW, 1), false);
    assert.equal(cordonedTooLong(undefined, NOW, 1), false);
  });
});
