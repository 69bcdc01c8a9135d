// kubectl drain's pod filters on the shapes real API objects take (k8s.io/kubectl/pkg/drain/filters.go):
// owner references that are not controllers, Date timestamps from the client library, JSON nulls,
// objects with fields left out, and the boundaries of --skip-wait-for-delete-timeout.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ApiPod } from '../../../src/core/cluster/apiTypes';
import { decidePods, decisionErrors, decisionWarnings, podsToRemove, KUBECTL_DEFAULTS, type DaemonSetLookup, type DrainOptions } from '../../../src/core/drain/filters';
import { pod } from './fakeApi';

const NOW = 1_000_000;
const decide = (pods: ApiPod[], o: Partial<DrainOptions> = {}, ds: Record<string, DaemonSetLookup> = {}, nowMs = NOW) =>
  decidePods({ pods, options: { ...KUBECTL_DEFAULTS, ...o }, daemonSets: new Map(Object.entries(ds)), nowMs });
const names = (d: ReturnType<typeof decide>) => podsToRemove(d).map((p) => p.metadata?.name);
const withMeta = (p: ApiPod, meta: NonNullable<ApiPod['metadata']>): ApiPod => ({ ...p, metadata: { ...p.metadata, ...meta } });

describe('drain filters: kubectl defaults', () => {
  it("are kubectl drain's flag defaults (no --force, no --ignore-daemonsets, grace -1, no timeout, eviction on, no dry run)", () => {
    assert.deepEqual(KUBECTL_DEFAULTS, {
      ignoreDaemonSets: false,
      deleteEmptyDirData: false,
      force: false,
      gracePeriodSeconds: -1,
      timeoutSeconds: 0,
      disableEviction: false,
      skipWaitForDeleteTimeoutSeconds: 0,
      dryRun: 'none',
    });
  });
});

describe('drain filters: controllers', () => {
  it('an owner reference without controller: true is no controller: the pod is refused without --force', () => {
    const owned = withMeta(pod('owned'), { ownerReferences: [{ kind: 'ReplicaSet', name: 'web', controller: false }, { kind: 'ConfigMap', name: 'x' }] });
    assert.deepEqual(decisionErrors(decide([owned])), ['cannot delete cannot delete Pods that declare no controller (use --force to override): default/owned']);
    assert.deepEqual(names(decide([owned], { force: true })), ['owned']);
  });

  it('a DaemonSet that owns a pod without controlling it does not make it a DaemonSet pod', () => {
    const p = withMeta(pod('p'), { ownerReferences: [{ kind: 'DaemonSet', name: 'agent', controller: false }, { kind: 'ReplicaSet', name: 'r', controller: true }] });
    assert.deepEqual(names(decide([p], {}, { 'default/agent': 'found' })), ['p']);
  });

  it('a pod with no metadata at all is refused as having no controller, named default/ (no crash)', () => {
    const bare: ApiPod = { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } };
    assert.deepEqual(decisionErrors(decide([bare])), ['cannot delete cannot delete Pods that declare no controller (use --force to override): default/']);
  });

  it('a pod object without status or spec counts as running with no local storage', () => {
    const p: ApiPod = { metadata: { name: 'p', namespace: 'team', ownerReferences: [{ kind: 'ReplicaSet', name: 'r', controller: true }] } };
    assert.deepEqual(names(decide([p])), ['p']);
    const naked: ApiPod = { metadata: { name: 'n', namespace: 'team' } };
    assert.deepEqual(decisionErrors(decide([naked])), ['cannot delete cannot delete Pods that declare no controller (use --force to override): team/n']);
  });

  it('a pod without a namespace is shown and looked up in "default"', () => {
    const p: ApiPod = { metadata: { name: 'agent-x', ownerReferences: [{ kind: 'DaemonSet', name: 'agent', controller: true }] }, status: { phase: 'Running' } };
    assert.deepEqual(decisionErrors(decide([p], {}, { 'default/agent': 'not-found' })), ['cannot delete daemonsets.apps "agent" not found: default/agent-x']);
    assert.equal(decisionWarnings(decide([p], { ignoreDaemonSets: true }, { 'default/agent': 'found' })), 'ignoring DaemonSet-managed Pods: default/agent-x');
  });
});

describe('drain filters: DaemonSet lookups', () => {
  const agent = pod('agent-1', { owner: 'DaemonSet/agent', ns: 'kube-system' });

  it('a failed lookup (not NotFound) blocks the pod with the API error, even under --force, and no option unblocks it', () => {
    const ds = { 'kube-system/agent': { error: 'daemonsets.apps "agent" is forbidden: User "jane" cannot get resource "daemonsets"' } };
    for (const force of [false, true]) {
      const d = decide([agent], { force, ignoreDaemonSets: true }, ds);
      assert.deepEqual(names(d), []);
      assert.deepEqual(decisionErrors(d), ['cannot delete daemonsets.apps "agent" is forbidden: User "jane" cannot get resource "daemonsets": kube-system/agent-1']);
      const s = d[0]?.status;
      assert.ok(s?.kind === 'error' && s.unblockedBy === undefined, 'no flag lets it go');
    }
  });

  it('a NotFound lookup is unblocked by --force', () => {
    const s = decide([agent], {}, { 'kube-system/agent': 'not-found' })[0]?.status;
    assert.ok(s?.kind === 'error' && s.unblockedBy === 'force');
  });

  it("the NotFound text is the server's own when the caller has it", () => {
    const d = decidePods({
      pods: [agent],
      options: KUBECTL_DEFAULTS,
      daemonSets: new Map([['kube-system/agent', 'not-found']]),
      nowMs: NOW,
      notFoundMessage: (ns, name) => `daemonsets.apps "${name}" not found in ${ns}`,
    });
    assert.deepEqual(decisionErrors(d), ['cannot delete daemonsets.apps "agent" not found in kube-system: kube-system/agent-1']);
  });

  it('an error with no text reads "unexpected error", as kubectl prints it', () => {
    assert.deepEqual(decisionErrors(decide([agent], {}, { 'kube-system/agent': { error: '' } })), ['cannot delete unexpected error: kube-system/agent-1']);
  });

  it('warnings list only warnings, never the errors of other pods', () => {
    const d = decide([agent, pod('naked')], { ignoreDaemonSets: true }, { 'kube-system/agent': 'found' });
    assert.equal(decisionWarnings(d), 'ignoring DaemonSet-managed Pods: kube-system/agent-1');
  });
});

describe('drain filters: which filter decided', () => {
  it('names the filter whose verdict stands: the first that stops the pod, or the last one for pods that go', () => {
    const d = decide(
      [
        pod('web', { owner: 'ReplicaSet/web' }),
        pod('agent', { owner: 'DaemonSet/agent' }),
        pod('static', { owner: 'Node/n1', mirror: true }),
        pod('cache', { owner: 'ReplicaSet/c', emptyDir: true }),
        pod('naked'),
        pod('gone', { owner: 'ReplicaSet/web', deletedAgoMs: 120_000, now: NOW }),
      ],
      { skipWaitForDeleteTimeoutSeconds: 60 },
      { 'default/agent': 'found' },
    );
    assert.deepEqual(
      d.map((x) => [x.pod.metadata?.name, x.status.kind, x.filter]),
      [
        ['web', 'okay', 'unreplicated'],
        ['agent', 'error', 'daemonSet'],
        ['static', 'skip', 'mirror'],
        ['cache', 'error', 'localStorage'],
        ['naked', 'error', 'unreplicated'],
        ['gone', 'skip', 'deleted'],
      ],
    );
  });

  it('with --force: an unmanaged pod is decided by the controller filter, a finished one too, a failed DaemonSet lookup by the DaemonSet filter', () => {
    const d = decide([pod('naked'), pod('done', { owner: 'DaemonSet/agent', phase: 'Failed' }), pod('agent', { owner: 'DaemonSet/agent' })], { force: true }, { 'default/agent': { error: 'forbidden' } });
    assert.deepEqual(
      d.map((x) => [x.pod.metadata?.name, x.status.kind, x.filter]),
      [
        ['naked', 'warning', 'unreplicated'],
        ['done', 'okay', 'unreplicated'],
        ['agent', 'error', 'daemonSet'],
      ],
    );
  });

  it('a DaemonSet pod whose DaemonSet was not looked up is treated as managed by an existing DaemonSet', () => {
    const nameless = withMeta(pod('agent-x'), { ownerReferences: [{ kind: 'DaemonSet', controller: true }] });
    assert.deepEqual(decisionErrors(decide([nameless, pod('agent-y', { owner: 'DaemonSet/agent' })])), ['cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/agent-x, default/agent-y']);
  });

  it('a DaemonSet pod left in place under --ignore-daemonsets, and a mirror pod, are kept with nothing to report', () => {
    const d = decide([pod('agent', { owner: 'DaemonSet/agent' }), pod('static', { owner: 'Node/n1', mirror: true })], { ignoreDaemonSets: true }, { 'default/agent': 'found' });
    assert.deepEqual(
      d.map((x) => [x.status.kind, x.filter]),
      [
        ['warning', 'daemonSet'],
        ['skip', 'mirror'],
      ],
    );
    assert.deepEqual(decisionErrors(d), []);
  });
});

describe('drain filters: local storage', () => {
  it('only emptyDir volumes are local storage: other volumes and a JSON null emptyDir are not', () => {
    const cfg: ApiPod = { ...pod('cfg', { owner: 'ReplicaSet/r' }), spec: { containers: [{ name: 'c' }], volumes: [{ name: 'config' }, { name: 'tmp', emptyDir: null }] } };
    assert.deepEqual(names(decide([cfg])), ['cfg']);
    const mixed: ApiPod = { ...cfg, spec: { ...cfg.spec, volumes: [{ name: 'config' }, { name: 'scratch', emptyDir: { medium: 'Memory' } }] } };
    assert.deepEqual(decisionErrors(decide([mixed])), ['cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cfg']);
  });
});

describe('drain filters: --skip-wait-for-delete-timeout', () => {
  const deletedAt = (ts: string | Date | null): ApiPod => withMeta(pod('stuck', { owner: 'ReplicaSet/x' }), { deletionTimestamp: ts });

  it('skips only pods deleted more whole seconds ago than the timeout (exactly the timeout is not enough)', () => {
    const at = new Date(NOW).toISOString();
    assert.deepEqual(names(decide([deletedAt(at)], { skipWaitForDeleteTimeoutSeconds: 60 }, {}, NOW + 60_999)), ['stuck'], '60.999 s is 60 whole seconds');
    assert.deepEqual(names(decide([deletedAt(at)], { skipWaitForDeleteTimeoutSeconds: 60 }, {}, NOW + 61_000)), []);
  });

  it('reads a Date from the client library to the millisecond', () => {
    const at = new Date(1_700_000_000_500);
    assert.deepEqual(names(decide([deletedAt(at)], { skipWaitForDeleteTimeoutSeconds: 60 }, {}, at.getTime() + 60_600)), ['stuck'], '60.6 s ago');
    assert.deepEqual(names(decide([deletedAt(at)], { skipWaitForDeleteTimeoutSeconds: 60 }, {}, at.getTime() + 61_000)), []);
  });

  it('a null or unreadable deletionTimestamp is not deleted', () => {
    for (const ts of [null, 'not a time']) assert.deepEqual(names(decide([deletedAt(ts)], { skipWaitForDeleteTimeoutSeconds: 1 }, {}, 1e13)), ['stuck']);
  });
});
