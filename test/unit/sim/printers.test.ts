import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_RESOURCES } from '../../sim/apiCatalog';
import { formatLabelSelector, humanDuration, nodeRoles, printerFor } from '../../sim/printers';
import type { KubeObject } from '../../sim/types';

const def = (plural: string) => BUILTIN_RESOURCES.find((d) => d.plural === plural && (d.group === '' || plural !== 'events'))!;
const S = 1000;

describe('server-side printing', () => {
  it('formats ages like duration.HumanDuration', () => {
    // k8s.io/apimachinery pkg/util/duration/duration.go
    const cases: [number, string][] = [
      [-3 * S, '<invalid>'],
      [-1 * S, '0s'],
      [0, '0s'],
      [119 * S, '119s'],
      [120 * S, '2m'],
      [(5 * 60 + 7) * S, '5m7s'],
      [(3 * 60 - 1) * 60 * S, '179m'],
      [3 * 3600 * S, '3h'],
      [(7 * 60 + 59) * 60 * S, '7h59m'],
      [8 * 3600 * S, '8h'],
      [47 * 3600 * S, '47h'],
      [(2 * 24 + 5) * 3600 * S, '2d5h'],
      [9 * 24 * 3600 * S, '9d'],
      [(2 * 365 + 10) * 24 * 3600 * S, '2y10d'],
      [9 * 365 * 24 * 3600 * S, '9y'],
    ];
    for (const [ms, text] of cases) assert.equal(humanDuration(ms), text, `${ms}ms`);
  });

  it('prints nodes with status, roles and wide columns', () => {
    // kubernetes pkg/printers/internalversion/printers.go printNode
    const now = Date.parse('2025-01-01T00:10:00Z');
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'cp', creationTimestamp: '2025-01-01T00:00:00Z', labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master' } },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'Unknown' }],
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
        nodeInfo: { kubeletVersion: 'v1.33.1', osImage: 'Ubuntu', kernelVersion: '6.8', containerRuntimeVersion: 'containerd://2.0.0' },
      },
    };
    const p = printerFor(def('nodes'), 'v1');
    assert.deepEqual(p.columns.map((c) => [c.name, c.priority]), [
      ['Name', 0], ['Status', 0], ['Roles', 0], ['Age', 0], ['Version', 0],
      ['Internal-IP', 1], ['External-IP', 1], ['OS-Image', 1], ['Kernel-Version', 1], ['Container-Runtime', 1],
    ]);
    assert.deepEqual(p.print(node, now).cells, ['cp', 'NotReady,SchedulingDisabled', 'control-plane,master', '10m', 'v1.33.1', '10.0.0.1', '<none>', 'Ubuntu', '6.8', 'containerd://2.0.0']);
    assert.deepEqual(nodeRoles({ 'node-role.kubernetes.io/worker': 'true', 'node-role.kubernetes.io/': '' }), ['worker']);
  });

  it('prints pods: ready count, status reason, Terminating and Completed', () => {
    const now = Date.parse('2025-01-01T01:00:00Z');
    const base = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', creationTimestamp: '2025-01-01T00:00:00Z' } as KubeObject['metadata'],
      spec: { nodeName: 'n1', containers: [{ name: 'a' }, { name: 'b' }] },
    };
    const running: KubeObject = {
      ...base,
      status: {
        phase: 'Running',
        podIP: '10.1.1.1',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
          { name: 'b', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2025-01-01T00:55:00Z' } } },
        ],
      },
    };
    const p = printerFor(def('pods'), 'v1');
    assert.deepEqual(p.print(running, now).cells, ['p', '1/2', 'CrashLoopBackOff', '2 (5m ago)', '60m', '10.1.1.1', 'n1', '<none>', '<none>']);
    const terminating = { ...running, metadata: { ...running.metadata, deletionTimestamp: '2025-01-01T00:59:00Z' } };
    assert.equal(p.print(terminating, now).cells[2], 'Terminating');
    const done: KubeObject = { ...base, status: { phase: 'Succeeded', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] } };
    const row = p.print(done, now);
    assert.equal(row.cells[2], 'Completed');
    assert.deepEqual(row.conditions, [{ type: 'Completed', status: 'True' }]);
    const pending: KubeObject = { ...base, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } };
    assert.deepEqual(p.print(pending, now).cells.slice(0, 3), ['p', '0/1', 'Pending']);
  });

  it('formats label selectors like metav1.FormatLabelSelector', () => {
    assert.equal(formatLabelSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }] }), 'a=1,b=2,c in (x,y)');
    assert.equal(formatLabelSelector({}), '<none>');
  });
});
