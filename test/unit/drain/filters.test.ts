// kubectl drain's pod filters (k8s.io/kubectl/pkg/drain/filters.go), one behaviour per test.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { decidePods, decisionErrors, decisionWarnings, podsToRemove, KUBECTL_DEFAULTS, type DaemonSetLookup, type DrainOptions } from '../../../src/core/drain/filters';
import { pod } from './fakeApi';

const NOW = 1_000_000;
const decide = (pods: ReturnType<typeof pod>[], o: Partial<DrainOptions> = {}, ds: Record<string, DaemonSetLookup> = {}) =>
  decidePods({ pods, options: { ...KUBECTL_DEFAULTS, ...o }, daemonSets: new Map(Object.entries(ds)), nowMs: NOW });
const names = (d: ReturnType<typeof decide>) => podsToRemove(d).map((p) => p.metadata?.name);

describe('drain filters', () => {
  it('evicts pods that have a controller and no local storage', () => {
    const d = decide([pod('web-1', { owner: 'ReplicaSet/web' })]);
    assert.deepEqual(names(d), ['web-1']);
    assert.deepEqual(decisionErrors(d), []);
    assert.equal(decisionWarnings(d), '');
  });

  it('refuses DaemonSet pods without --ignore-daemonsets, and leaves them with a warning with it', () => {
    const pods = [pod('agent-1', { owner: 'DaemonSet/agent', ns: 'kube-system' })];
    const ds = { 'kube-system/agent': 'found' as const };
    assert.deepEqual(decisionErrors(decide(pods, {}, ds)), ['cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/agent-1']);
    const ignored = decide(pods, { ignoreDaemonSets: true }, ds);
    assert.deepEqual(names(ignored), []);
    assert.equal(decisionWarnings(ignored), 'ignoring DaemonSet-managed Pods: kube-system/agent-1');
  });

  it('an orphan of a deleted DaemonSet is an error, or removed under --force (its warning dropped by the later filters, as in kubectl)', () => {
    const pods = [pod('orphan', { owner: 'DaemonSet/gone' })];
    const ds = { 'default/gone': 'not-found' as const };
    assert.deepEqual(decisionErrors(decide(pods, {}, ds)), ['cannot delete daemonsets.apps "gone" not found: default/orphan']);
    const forced = decide(pods, { force: true }, ds);
    assert.deepEqual(names(forced), ['orphan']);
    assert.equal(decisionWarnings(forced), '');
  });

  it('finished DaemonSet pods are removed freely', () => {
    assert.deepEqual(names(decide([pod('done', { owner: 'DaemonSet/agent', phase: 'Succeeded' })])), ['done']);
  });

  it('skips mirror pods silently', () => {
    const d = decide([pod('static', { mirror: true, owner: 'Node/n1' })]);
    assert.deepEqual(names(d), []);
    assert.deepEqual(decisionErrors(d), []);
    assert.equal(decisionWarnings(d), '');
  });

  it('refuses emptyDir pods without --delete-emptydir-data; with it the local-storage warning is dropped when the pod has a controller (kubectl quirk)', () => {
    const pods = [pod('cache-1', { owner: 'ReplicaSet/cache', emptyDir: true })];
    assert.deepEqual(decisionErrors(decide(pods)), ['cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-1']);
    const allowed = decide(pods, { deleteEmptyDirData: true });
    assert.deepEqual(names(allowed), ['cache-1']);
    assert.equal(decisionWarnings(allowed), '', 'unreplicatedFilter passed the pod and replaced the warning');
  });

  it('an unmanaged emptyDir pod under --force --delete-emptydir-data keeps only the no-controller warning', () => {
    const d = decide([pod('scratch', { emptyDir: true })], { force: true, deleteEmptyDirData: true });
    assert.equal(decisionWarnings(d), 'deleting Pods that declare no controller: default/scratch');
  });

  it('refuses pods without a controller unless --force', () => {
    assert.deepEqual(decisionErrors(decide([pod('naked')])), ['cannot delete cannot delete Pods that declare no controller (use --force to override): default/naked']);
    const forced = decide([pod('naked')], { force: true });
    assert.deepEqual(names(forced), ['naked']);
    assert.equal(decisionWarnings(forced), 'deleting Pods that declare no controller: default/naked');
  });

  it('finished pods go without --force or --delete-emptydir-data', () => {
    assert.deepEqual(names(decide([pod('done', { phase: 'Succeeded' }), pod('failed', { phase: 'Failed', emptyDir: true })])), ['done', 'failed']);
  });

  it('skips pods deleted longer ago than --skip-wait-for-delete-timeout, and only then', () => {
    const old = pod('stuck', { owner: 'ReplicaSet/x', deletedAgoMs: 120_000, now: NOW });
    assert.deepEqual(names(decide([old], { skipWaitForDeleteTimeoutSeconds: 60 })), []);
    assert.deepEqual(names(decide([old], { skipWaitForDeleteTimeoutSeconds: 300 })), ['stuck']);
    assert.deepEqual(names(decide([old])), ['stuck'], '0 never skips');
  });

  it('groups errors per message, listing every pod, and joins warnings with "; "', () => {
    const d = decide([pod('a'), pod('b'), pod('c', { owner: 'DaemonSet/ds' }), pod('d', { owner: 'DaemonSet/ds' })], { force: true, ignoreDaemonSets: true }, { 'default/ds': 'found' });
    assert.equal(decisionWarnings(d), 'deleting Pods that declare no controller: default/a, default/b; ignoring DaemonSet-managed Pods: default/c, default/d');
    assert.deepEqual(decisionErrors(decide([pod('a'), pod('b')])), ['cannot delete cannot delete Pods that declare no controller (use --force to override): default/a, default/b']);
  });

  it('says which option would let a blocked pod go', () => {
    const d = decide([pod('a'), pod('b', { owner: 'ReplicaSet/r', emptyDir: true }), pod('c', { owner: 'DaemonSet/ds' })], {}, { 'default/ds': 'found' });
    assert.deepEqual(d.map((x) => (x.status.kind === 'error' ? x.status.unblockedBy : '-')), ['force', 'deleteEmptyDirData', 'ignoreDaemonSets']);
  });
});
