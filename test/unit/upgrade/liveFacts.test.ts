// The live fact gathering against a scripted session: what the simulator cannot serve yet (/metrics,
// /readyz?verbose with a failing check) and how each answer becomes a fact or a named gap.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatherClusterFacts } from '../../../src/cluster/liveFacts';
import type { ClusterSession, ListOptions, ListResult } from '../../../src/cluster/types';
import { ClusterError, type ClusterErrorKind } from '../../../src/core/cluster/errors';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { computePlan } from '../../../src/core/upgrade/plan';
import { OPTIONS, releaseData } from './planFixtures';

type Answer = unknown | { fail: ClusterErrorKind };

function scripted(answers: Record<string, Answer>): ClusterSession {
  const answer = (path: string): unknown => {
    const a = answers[path.split('?')[0] === '/readyz' ? path : path.split('?')[0]];
    if (a === undefined) throw new ClusterError({ kind: 'not-found', message: `${path} not found` });
    if (typeof a === 'object' && a !== null && 'fail' in a) throw new ClusterError({ kind: (a as { fail: ClusterErrorKind }).fail, message: `${path} failed` });
    return a;
  };
  const unused = (): never => {
    throw new Error('not used');
  };
  return {
    contextName: 'scripted',
    server: 'http://127.0.0.1:1',
    runsProgram: false,
    version: async () => ({ gitVersion: 'v1.31.2' }),
    get: async <T>(path: string) => answer(path) as T,
    getText: async (path: string) => String(answer(path)),
    list: async <T>(path: string): Promise<ListResult<T>> => ({ items: (answer(path) as T[]), resourceVersion: '1' }),
    listPages: async <T>(path: string, _o: ListOptions, onPage: (items: T[]) => void) => {
      onPage(answer(path) as T[]);
      return { resourceVersion: '1' };
    },
    watch: unused,
    patch: unused,
    post: unused,
    delete: unused,
    refreshCredentials: () => false,
    dispose: () => undefined,
  };
}

const lastApplied = JSON.stringify({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'legacy' } });

describe('live facts', () => {
  it('turns a metric hit, a last-applied hint, a failing /readyz check and RBAC denials into facts and named gaps', async () => {
    const session = scripted({
      '/api/v1/nodes': [{ metadata: { name: 'n1', labels: {} }, spec: { providerID: 'gce://p/z/n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.31.2' } } }],
      '/api/v1/namespaces/kube-system/pods': [],
      '/api/v1/namespaces/kube-system/configmaps/kubeadm-config': { fail: 'forbidden' },
      '/apis/policy/v1/poddisruptionbudgets': [],
      '/apis/apps/v1/deployments': [],
      '/apis/apps/v1/statefulsets': { fail: 'forbidden' },
      '/api/v1/secrets': [],
      '/metrics': 'apiserver_requested_deprecated_apis{group="flowcontrol.apiserver.k8s.io",removed_release="1.32",resource="flowschemas",subresource="",version="v1beta3"} 1\n',
      '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas': [{ metadata: { name: 'legacy', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } } }],
      '/readyz?verbose': '[+]ping ok\n[-]etcd failed: reason withheld\n',
    });
    const facts = await gatherClusterFacts(session, { rules: builtinRuleSet(), target: { major: 1, minor: 35 } });
    assert.deepEqual(facts.apiUses.map((u) => u.source.type).sort(), ['lastApplied', 'metric']);
    assert.equal(facts.kubeadmConfig.ok, false);
    assert.equal(!facts.kubeadmConfig.ok && facts.kubeadmConfig.reason, 'forbidden: cannot get configmaps/kubeadm-config in namespace kube-system');
    assert.equal(!facts.workloads.ok && facts.workloads.reason, 'forbidden: cannot list statefulsets.apps in all namespaces');
    assert.deepEqual(facts.backups, { ok: true, value: 'absent' });
    assert.deepEqual(facts.providerIds, ['gce://p/z/n1']);
    assert.equal(facts.servingCertNotAfter.ok, false, 'not https');

    const result = computePlan({ facts, workspaceUses: [], releaseData: releaseData(), options: OPTIONS });
    assert.ok(result.ok);
    const plan = result.ok ? result.plan : undefined;
    const [api] = plan?.hops[0].removedApis ?? [];
    assert.equal(api?.kind, 'FlowSchema');
    assert.deepEqual(api?.sources, [{ type: 'metric', resource: 'flowschemas', count: 1 }, { type: 'lastApplied', namespace: '', name: 'legacy' }]);
    assert.equal(plan?.checks.find((c) => c.id === 'control-plane-health')?.status, 'fail');
    assert.equal(plan?.checks.find((c) => c.id === 'single-replica')?.status, 'unknown');
    assert.equal(plan?.platform, 'unknown', 'kubeadm-config hidden: not guessed');
    assert.equal(plan?.incomplete, true);
  });
});
