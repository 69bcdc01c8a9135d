import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupNodesByKubelet } from '../../../src/core/cluster/group';
import { node } from '../versions/skewFixtures';

test('groups by exact kubelet version, newest first, nodes by name', () => {
  const groups = groupNodesByKubelet([
    node('worker-10', 'v1.30.2'),
    node('worker-9', 'v1.30.10'),
    node('worker-2', 'v1.30.2'),
    node('cp-1', 'v1.31.0'),
    node('worker-1', 'v1.9.11'),
    node('worker-3', 'v1.30.2'),
  ]);
  assert.deepEqual(groups.map((g) => [g.version, g.nodes.map((n) => n.name)]), [
    ['v1.31.0', ['cp-1']],
    ['v1.30.10', ['worker-9']],
    ['v1.30.2', ['worker-2', 'worker-3', 'worker-10']],
    ['v1.9.11', ['worker-1']],
  ]);
});

test('vendor suffixes, pre-releases and unreadable versions', () => {
  const groups = groupNodesByKubelet([
    node('a', 'v1.29.4-gke.1043002'),
    node('b', 'v1.29.4-gke.200'),
    node('c', 'v1.29.4'),
    node('d', 'v1.30.0-rc.1'),
    node('e', ''),
    node('f', 'v1.29.15-eks-a737599'),
    node('g', 'v1.30.6+k3s1'),
    node('h', 'v1.30.6+k3s2'),
    node('i', 'unknown'),
    node('j', 'v1.30'),
  ]);
  assert.deepEqual(groups.map((g) => g.version), [
    'v1.30.6+k3s2',
    'v1.30.6+k3s1',
    'v1.30', // read as 1.30.0, a release, so newer than its release candidate
    'v1.30.0-rc.1',
    'v1.29.15-eks-a737599',
    'v1.29.4-gke.1043002',
    'v1.29.4-gke.200',
    'v1.29.4',
    'unknown',
    '',
  ]);
});

test('no nodes, no groups', () => {
  assert.deepEqual(groupNodesByKubelet([]), []);
});
