import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterSnapshot, SkewVerdict } from '../../../src/core/cluster/types';
import { evaluateSkew, nextMinorBlockers, skewSummary } from '../../../src/core/versions/skew';
import { component, managedWithNode, node, snapshot, v } from './skewFixtures';

type Outcome = 'ok' | 'warning' | 'error';

const MINORS = Array.from({ length: 17 }, (_, i) => 19 + i); // 1.19 … 1.35

function outcome(verdicts: readonly SkewVerdict[], kind: SkewVerdict['kind'], subject?: string): Outcome {
  const mine = verdicts.filter((x) => x.kind === kind && (subject === undefined || x.subject === subject));
  assert.ok(mine.length <= 1, `expected at most one ${kind} verdict, got ${JSON.stringify(mine)}`);
  if (mine.length === 0) {
    return 'ok';
  }
  assert.equal(mine[0].type, mine[0].severity === 'error' ? 'violation' : 'blocks-upgrade');
  return mine[0].severity;
}

/**
 * The kubelet / kube-proxy rule as the policy words it: never newer than kube-apiserver, at most three
 * minors older (two when the component itself is older than 1.25). Sitting exactly at the limit is fine
 * but blocks the next control-plane minor.
 */
function expectedNodeComponent(apiMinor: number, minor: number): Outcome {
  const limit = minor < 25 ? 2 : 3;
  const behind = apiMinor - minor;
  if (behind < 0 || behind > limit) {
    return 'error';
  }
  return behind === limit ? 'warning' : 'ok';
}

describe('kubelet against kube-apiserver', () => {
  for (const api of MINORS) {
    test(`kube-apiserver 1.${api}: kubelets n+1 … n-4`, () => {
      for (const offset of [1, 0, -1, -2, -3, -4]) {
        const kubelet = api + offset;
        const verdicts = evaluateSkew(managedWithNode(api, v(kubelet, 7)));
        assert.equal(outcome(verdicts, 'kubelet'), expectedNodeComponent(api, kubelet), `kubelet 1.${kubelet}`);
      }
    });
  }

  test('the two-minor limit applies to kubelets older than 1.25, the three-minor limit from 1.25 on', () => {
    const cases: readonly [api: number, kubelet: number, expected: Outcome][] = [
      [24, 22, 'warning'],
      [24, 21, 'error'],
      [25, 23, 'warning'],
      [25, 22, 'error'],
      [26, 24, 'warning'],
      [26, 23, 'error'],
      [27, 24, 'error'],
      [27, 25, 'ok'],
      [28, 25, 'warning'],
      [28, 24, 'error'],
      [29, 26, 'warning'],
      [29, 25, 'error'],
    ];
    for (const [api, kubelet, expected] of cases) {
      assert.equal(outcome(evaluateSkew(managedWithNode(api, v(kubelet))), 'kubelet'), expected, `kubelet 1.${kubelet} on 1.${api}`);
    }
  });

  test('messages say what is wrong and what to do', () => {
    const cluster = snapshot({
      gitVersion: 'v1.32.2',
      nodes: [node('old', 'v1.28.5'), node('behind', 'v1.29.3'), node('ahead', 'v1.33.0'), node('legacy', 'v1.24.17')],
    });
    assert.deepEqual(evaluateSkew(cluster), [
      { severity: 'error', subject: 'old', kind: 'kubelet', type: 'violation', message: 'kubelet v1.28.5 is 4 minor versions older than kube-apiserver v1.32.2; the skew policy allows at most 3' },
      { severity: 'warning', subject: 'behind', kind: 'kubelet', type: 'blocks-upgrade', message: 'kubelet v1.29.3 is 3 minor versions older than kube-apiserver v1.32.2: upgrade it before upgrading the control plane to 1.33' },
      { severity: 'error', subject: 'ahead', kind: 'kubelet', type: 'violation', message: 'kubelet v1.33.0 is newer than kube-apiserver v1.32.2' },
      { severity: 'error', subject: 'legacy', kind: 'kubelet', type: 'violation', message: 'kubelet v1.24.17 is 8 minor versions older than kube-apiserver v1.32.2; the skew policy allows at most 2 for a kubelet older than 1.25' },
    ]);
  });

  test('HA skew narrows kubelets: not newer than the oldest kube-apiserver, at most three behind the newest', () => {
    const apiservers = [component('kube-apiserver', 'v1.35.0', 'cp-1'), component('kube-apiserver', 'v1.34.2', 'cp-2')];
    const expected: readonly [kubelet: number, outcome: Outcome][] = [[35, 'error'], [34, 'ok'], [33, 'ok'], [32, 'warning'], [31, 'error']];
    for (const [kubelet, want] of expected) {
      const verdicts = evaluateSkew(snapshot({ components: apiservers, nodes: [node('n', v(kubelet))] }));
      assert.equal(outcome(verdicts, 'kubelet'), want, `kubelet 1.${kubelet}`);
    }
    const newer = evaluateSkew(snapshot({ components: apiservers, nodes: [node('n', 'v1.35.0')] }));
    assert.equal(newer.find((x) => x.kind === 'kubelet')?.message, 'kubelet v1.35.0 is newer than kube-apiserver v1.34.2');
  });
});

describe('kube-proxy', () => {
  for (const api of MINORS) {
    test(`kube-apiserver 1.${api}: kube-proxy n+1 … n-4 beside a kubelet of the same version`, () => {
      for (const offset of [1, 0, -1, -2, -3, -4]) {
        const minor = api + offset;
        const verdicts = evaluateSkew(managedWithNode(api, v(minor), v(minor, 1)));
        assert.equal(outcome(verdicts, 'kube-proxy'), expectedNodeComponent(api, minor), `kube-proxy 1.${minor}`);
      }
    });
  }

  test('may be up to three minors older or newer than its kubelet (two when kube-proxy is older than 1.25)', () => {
    const againstKubelet = (verdicts: readonly SkewVerdict[]): SkewVerdict[] =>
      verdicts.filter((x) => x.kind === 'kube-proxy' && x.message.includes('on its node'));
    const cases: readonly [api: number, kubelet: number, proxy: number, errors: number][] = [
      [32, 29, 32, 0], // newer than the kubelet by three
      [32, 28, 32, 1], // newer by four
      [32, 32, 29, 0], // older by three
      [32, 32, 28, 1], // older by four
      [24, 21, 24, 1], // kube-proxy 1.24 may only be two newer
      [24, 22, 24, 0],
      [25, 22, 25, 0], // kube-proxy 1.25 may be three newer, even beside an old kubelet
      [26, 26, 23, 1], // kube-proxy 1.23 may only be two older
      [25, 25, 23, 0],
    ];
    for (const [api, kubelet, proxy, errors] of cases) {
      const found = againstKubelet(evaluateSkew(managedWithNode(api, v(kubelet), v(proxy))));
      assert.equal(found.length, errors, `api 1.${api}, kubelet 1.${kubelet}, kube-proxy 1.${proxy}`);
      assert.ok(found.every((x) => x.severity === 'error' && x.type === 'violation'));
    }
  });

  test('describes both rules when both break', () => {
    const messages = evaluateSkew(managedWithNode(32, 'v1.32.2', 'v1.28.0')).map((x) => x.message);
    assert.deepEqual(messages, [
      'kube-proxy v1.28.0 is 4 minor versions older than kube-apiserver v1.32.3; the skew policy allows at most 3',
      'kube-proxy v1.28.0 is 4 minor versions older than the kubelet v1.32.2 on its node; the skew policy allows at most 3',
    ]);
    const newer = evaluateSkew(managedWithNode(24, 'v1.21.0', 'v1.24.0')).filter((x) => x.kind === 'kube-proxy');
    assert.deepEqual(newer.map((x) => x.message), [
      'kube-proxy v1.24.0 is 3 minor versions newer than the kubelet v1.21.0 on its node; the skew policy allows at most 2 for a kube-proxy older than 1.25',
    ]);
  });

  test('a node without a kube-proxy version gets no kube-proxy verdict', () => {
    assert.equal(outcome(evaluateSkew(managedWithNode(32, 'v1.28.0')), 'kube-proxy'), 'ok');
  });
});

describe('kube-controller-manager, kube-scheduler, cloud-controller-manager', () => {
  const kinds = ['kube-controller-manager', 'kube-scheduler', 'cloud-controller-manager'] as const;
  const expected: readonly [offset: number, outcome: Outcome][] = [[1, 'error'], [0, 'ok'], [-1, 'warning'], [-2, 'error'], [-3, 'error']];

  for (const api of MINORS) {
    test(`kube-apiserver 1.${api}: controllers n+1 … n-3`, () => {
      for (const kind of kinds) {
        for (const [offset, want] of expected) {
          const stacked = snapshot({ components: [component('kube-apiserver', v(api, 4), 'cp-1'), component(kind, v(api + offset), 'cp-1')] });
          assert.equal(outcome(evaluateSkew(stacked), kind), want, `${kind} 1.${api + offset} beside its apiserver`);
          const remote = snapshot({ gitVersion: v(api, 4), components: [component(kind, v(api + offset))] });
          assert.equal(outcome(evaluateSkew(remote), kind), want, `${kind} 1.${api + offset} with a managed apiserver`);
        }
      }
    });
  }

  test('messages', () => {
    const cluster = snapshot({
      components: [
        component('kube-apiserver', 'v1.32.2', 'cp-1'),
        component('kube-controller-manager', 'v1.31.4', 'cp-1'),
        component('kube-scheduler', 'v1.33.0', 'cp-1'),
        component('cloud-controller-manager', 'v1.30.0', 'cp-1'),
      ],
    });
    assert.deepEqual(evaluateSkew(cluster).map((x) => [x.subject, x.message]), [
      ['kube-controller-manager-cp-1', 'kube-controller-manager v1.31.4 is 1 minor version older than kube-apiserver v1.32.2: upgrade it before upgrading the control plane to 1.33'],
      ['kube-scheduler-cp-1', 'kube-scheduler v1.33.0 is newer than kube-apiserver v1.32.2'],
      ['cloud-controller-manager-cp-1', 'cloud-controller-manager v1.30.0 is 2 minor versions older than kube-apiserver v1.32.2; the skew policy allows at most 1'],
    ]);
  });

  test('in HA they are measured against the kube-apiserver on their own node when there is one', () => {
    const apiservers = [component('kube-apiserver', 'v1.33.1', 'cp-1'), component('kube-apiserver', 'v1.32.5', 'cp-2')];
    const cases: readonly [version: string, nodeName: string | undefined, want: Outcome][] = [
      ['v1.33.1', 'cp-1', 'ok'], // upgraded together with its local apiserver (a kubeadm rolling upgrade)
      ['v1.33.1', 'cp-2', 'error'], // newer than its local apiserver
      ['v1.32.5', 'cp-2', 'warning'], // fine, but must follow before 1.34
      ['v1.33.1', undefined, 'error'], // may reach the 1.32 instance through a load balancer
      ['v1.33.1', 'worker-1', 'error'], // no apiserver on its node: any instance
      ['v1.32.5', undefined, 'warning'],
      ['v1.31.0', undefined, 'error'], // two behind the newest
    ];
    for (const [version, nodeName, want] of cases) {
      const verdicts = evaluateSkew(snapshot({ components: [...apiservers, component('kube-scheduler', version, nodeName)] }));
      assert.equal(outcome(verdicts, 'kube-scheduler'), want, `${version} on ${nodeName ?? 'no node'}`);
    }
  });

  test('etcd has no skew rule', () => {
    const cluster = snapshot({ components: [component('kube-apiserver', 'v1.32.2', 'cp-1'), component('etcd', '3.5.16-0', 'cp-1')] });
    assert.deepEqual(evaluateSkew(cluster), []);
  });
});

describe('HA kube-apiservers', () => {
  for (const api of MINORS) {
    test(`newest kube-apiserver 1.${api}: the other instance at n, n-1, n-2, n-3`, () => {
      const expected: readonly [offset: number, outcome: Outcome][] = [[0, 'ok'], [-1, 'warning'], [-2, 'error'], [-3, 'error']];
      for (const [offset, want] of expected) {
        const cluster = snapshot({
          components: [component('kube-apiserver', v(api, 2), 'cp-1'), component('kube-apiserver', v(api + offset, 9), 'cp-2')],
        });
        const verdicts = evaluateSkew(cluster);
        assert.equal(outcome(verdicts, 'kube-apiserver', 'kube-apiserver-cp-1'), 'ok');
        assert.equal(outcome(verdicts, 'kube-apiserver', 'kube-apiserver-cp-2'), want, `other at 1.${api + offset}`);
      }
    });
  }

  test('messages name the newest instance', () => {
    const cluster = snapshot({
      components: [
        component('kube-apiserver', 'v1.32.2', 'cp-1'),
        component('kube-apiserver', 'v1.31.7', 'cp-2'),
        component('kube-apiserver', 'v1.30.1', 'cp-3'),
      ],
    });
    assert.deepEqual(evaluateSkew(cluster).map((x) => [x.severity, x.subject, x.message]), [
      ['warning', 'kube-apiserver-cp-2', 'kube-apiserver v1.31.7 is 1 minor version older than the newest kube-apiserver v1.32.2: upgrade it before upgrading the control plane to 1.33'],
      ['error', 'kube-apiserver-cp-3', 'kube-apiserver v1.30.1 is 2 minor versions older than the newest kube-apiserver v1.32.2; the skew policy allows at most 1'],
    ]);
  });
});

describe('kubectl', () => {
  for (const api of MINORS) {
    test(`kube-apiserver 1.${api}: kubectl n+2 … n-2`, () => {
      const expected: readonly [offset: number, outcome: Outcome][] = [[2, 'error'], [1, 'ok'], [0, 'ok'], [-1, 'warning'], [-2, 'error']];
      for (const [offset, want] of expected) {
        const verdicts = evaluateSkew(snapshot({ gitVersion: v(api, 1), kubectlVersion: v(api + offset, 3) }));
        assert.equal(outcome(verdicts, 'kubectl', 'kubectl'), want, `kubectl 1.${api + offset}`);
      }
    });
  }

  test('HA skew narrows kubectl to within one minor of every instance', () => {
    const apiservers = [component('kube-apiserver', 'v1.35.0', 'cp-1'), component('kube-apiserver', 'v1.34.1', 'cp-2')];
    const expected: readonly [kubectl: number, want: Outcome][] = [[36, 'error'], [35, 'ok'], [34, 'warning'], [33, 'error']];
    for (const [kubectl, want] of expected) {
      const verdicts = evaluateSkew(snapshot({ components: apiservers, kubectlVersion: v(kubectl) }));
      assert.equal(outcome(verdicts, 'kubectl'), want, `kubectl 1.${kubectl}`);
    }
  });

  test('messages', () => {
    const verdicts = evaluateSkew(snapshot({ gitVersion: 'v1.32.2', kubectlVersion: 'v1.34.1' }));
    assert.deepEqual(verdicts.map((x) => x.message), ['kubectl v1.34.1 is 2 minor versions newer than kube-apiserver v1.32.2; the skew policy allows at most 1']);
  });
});

describe('where the kube-apiserver version comes from', () => {
  test('visible kube-apiserver pods win over the server gitVersion', () => {
    const cluster = snapshot({
      gitVersion: 'v1.30.0',
      components: [component('kube-apiserver', 'v1.32.2', 'cp-1')],
      nodes: [node('n', 'v1.32.0')],
    });
    assert.deepEqual(evaluateSkew(cluster), []);
  });

  test('gitVersion is used when no kube-apiserver pod has a readable version', () => {
    const cluster = snapshot({
      gitVersion: 'v1.30.0',
      components: [component('kube-apiserver', undefined, 'cp-1')],
      nodes: [node('n', 'v1.32.0')],
    });
    assert.equal(evaluateSkew(cluster)[0]?.message, 'kubelet v1.32.0 is newer than kube-apiserver v1.30.0');
  });

  test('vendor versions parse on both sides', () => {
    const eks = snapshot({ gitVersion: 'v1.31.4-eks-1234', nodes: [node('ip-10-0-1-5', 'v1.28.15-eks-a737599')] });
    assert.equal(evaluateSkew(eks)[0]?.message, 'kubelet v1.28.15-eks-a737599 is 3 minor versions older than kube-apiserver v1.31.4-eks-1234: upgrade it before upgrading the control plane to 1.32');
    const k3s = snapshot({ gitVersion: 'v1.30.6+k3s1', nodes: [node('k3s-1', 'v1.30.6+k3s1', 'v1.30.6+k3s1')], kubectlVersion: 'v1.31.0' });
    assert.deepEqual(evaluateSkew(k3s), []);
    const gke = snapshot({ gitVersion: 'v1.29.4-gke.100', nodes: [node('gke-pool-1', 'v1.30.1-gke.1329003')] });
    assert.equal(outcome(evaluateSkew(gke), 'kubelet'), 'error');
  });

  test('unreadable versions give no verdict and never throw', () => {
    const garbage = ['', ' ', 'v', '1', 'latest', 'v1', 'unknown', 'vX.Y.Z', '1.x.3', 'sha256:abcdef'];
    for (const text of garbage) {
      assert.deepEqual(evaluateSkew(managedWithNode(30, text, text)), [], `kubelet ${JSON.stringify(text)}`);
      assert.deepEqual(evaluateSkew(snapshot({ gitVersion: text, nodes: [node('n', 'v1.10.0')], kubectlVersion: 'v1.40.0' })), []);
      assert.equal(nextMinorBlockers(snapshot({ gitVersion: text })), undefined);
    }
  });

  test('a different major version cannot be measured and gives no verdict', () => {
    assert.deepEqual(evaluateSkew(managedWithNode(32, 'v2.0.0')), []);
    assert.deepEqual(evaluateSkew(managedWithNode(32, 'v0.0.0-master+$Format:%H$')), []);
  });

  test('surrounding whitespace is tolerated and trimmed in messages', () => {
    const verdicts = evaluateSkew(snapshot({ gitVersion: ' v1.32.2\n', nodes: [node('n', ' v1.33.0 ')] }));
    assert.equal(verdicts[0]?.message, 'kubelet v1.33.0 is newer than kube-apiserver v1.32.2');
  });
});

describe('nextMinorBlockers', () => {
  const cluster: ClusterSnapshot = snapshot({
    components: [component('kube-apiserver', 'v1.32.2', 'cp-1'), component('kube-controller-manager', 'v1.31.0', 'cp-1')],
    nodes: [node('ahead', 'v1.33.0'), node('fine', 'v1.31.2'), node('behind', 'v1.29.3'), node('old', 'v1.27.1')],
    kubectlVersion: 'v1.32.0',
  });

  test('lists warnings and too-old violations, not components the upgrade would bring back into skew', () => {
    const result = nextMinorBlockers(cluster);
    assert.equal(result?.target, '1.33');
    assert.deepEqual(result?.blockers.map((x) => `${x.kind}/${x.subject}/${x.type}`), [
      'kube-controller-manager/kube-controller-manager-cp-1/blocks-upgrade',
      'kubelet/behind/blocks-upgrade',
      'kubelet/old/violation',
    ]);
  });

  test('a kube-proxy that is only too far from its kubelet does not block the control plane', () => {
    const result = nextMinorBlockers(managedWithNode(32, 'v1.28.0', 'v1.32.0'));
    assert.deepEqual(result?.blockers.map((x) => `${x.kind}/${x.type}`), ['kubelet/violation']);
  });

  test('nothing blocks a cluster at one version', () => {
    const result = nextMinorBlockers(snapshot({ gitVersion: 'v1.35.0', nodes: [node('a', 'v1.35.0', 'v1.35.0')], kubectlVersion: 'v1.35.1' }));
    assert.deepEqual(result, { target: '1.36', blockers: [] });
  });
});

describe('skewSummary', () => {
  test('counts errors and warnings overall and per subject', () => {
    const verdicts = evaluateSkew(snapshot({
      gitVersion: 'v1.32.2',
      nodes: [node('a', 'v1.28.0', 'v1.28.0'), node('b', 'v1.29.0'), node('c', 'v1.32.0')],
      kubectlVersion: 'v1.31.0',
    }));
    const summary = skewSummary(verdicts);
    assert.equal(summary.errors, 2); // kubelet a, kube-proxy a against the apiserver
    assert.equal(summary.warnings, 2); // kubelet b, kubectl
    assert.deepEqual(summary.bySubject.get('a'), { errors: 2, warnings: 0 });
    assert.deepEqual(summary.bySubject.get('b'), { errors: 0, warnings: 1 });
    assert.deepEqual(summary.bySubject.get('kubectl'), { errors: 0, warnings: 1 });
    assert.equal(summary.bySubject.has('c'), false);
  });

  test('is empty for no verdicts', () => {
    const summary = skewSummary([]);
    assert.deepEqual([summary.errors, summary.warnings, summary.bySubject.size], [0, 0, 0]);
  });
});

describe('messages and edges a user reads in the tree', () => {
  const messages = (s: ClusterSnapshot, kind?: SkewVerdict['kind']) => evaluateSkew(s).filter((x) => kind === undefined || x.kind === kind).map((x) => `${x.severity} ${x.subject}: ${x.message}`);

  test('a kubelet too far behind is "older than", with the allowance and why it is narrower', () => {
    assert.deepEqual(messages(managedWithNode(30, v(26)), 'kubelet'), ['error worker-1: kubelet v1.26.0 is 4 minor versions older than kube-apiserver v1.30.3; the skew policy allows at most 3']);
    assert.deepEqual(messages(managedWithNode(27, v(24)), 'kubelet'), ['error worker-1: kubelet v1.24.0 is 3 minor versions older than kube-apiserver v1.27.3; the skew policy allows at most 2 for a kubelet older than 1.25']);
    assert.deepEqual(messages(managedWithNode(27, v(27), v(24)), 'kube-proxy').slice(0, 1), ['error worker-1: kube-proxy v1.24.0 is 3 minor versions older than kube-apiserver v1.27.3; the skew policy allows at most 2 for a kube-proxy older than 1.25']);
  });

  test('versions of another major cannot be compared and are not reported', () => {
    assert.deepEqual(messages(managedWithNode(30, 'v2.0.0')), []);
  });

  test('a kube-proxy on a node whose kubelet version is unreadable is measured against the API server only', () => {
    assert.deepEqual(messages(managedWithNode(30, 'unknown', v(30))), []);
    assert.deepEqual(messages(managedWithNode(30, 'unknown', v(31))), ['error worker-1: kube-proxy v1.31.0 is newer than kube-apiserver v1.30.3']);
  });

  test('a controller whose node is unknown may reach any kube-apiserver, not only those whose node is unknown too', () => {
    const s = snapshot({
      gitVersion: v(31, 1),
      components: [component('kube-apiserver', v(30, 1)), component('kube-apiserver', v(31, 1), 'cp-2'), component('kube-controller-manager', v(29, 1))],
    });
    assert.deepEqual(messages(s, 'kube-controller-manager'), ['error kube-controller-manager-pod: kube-controller-manager v1.29.1 is 2 minor versions older than kube-apiserver v1.31.1; the skew policy allows at most 1']);
  });
});
