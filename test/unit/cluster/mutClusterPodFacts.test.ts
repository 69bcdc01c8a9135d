import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Backoff, DEFAULT_BACKOFF, parseRetryAfter } from '../../../src/core/cluster/backoff';
import { controlPlaneComponents, nodeInfo, type ApiPod } from '../../../src/core/cluster/fromApi';
import { findContainer, isDeleting, isFinished, isPodReady, podLabel, programVersion } from '../../../src/core/cluster/podFacts';
import { Redactor, redactUrl, redactUserinfo, urlSecrets } from '../../../src/core/cluster/redact';
import { controlPlaneNode, kubeProxyPod } from './fixtures';

const NOW = Date.parse('2026-12-01T10:00:00Z');

describe('podFacts', () => {
  it('finds the program\'s container by image name when the container is named otherwise', () => {
    const pod: ApiPod = {
      spec: {
        containers: [
          { name: 'init-config' },
          { name: 'proxy', image: 'registry.k8s.io/kube-proxy:v1.31.4' },
          { name: 'metrics', image: 'quay.io/prometheus/node-exporter:v1.8.2' },
        ],
      },
    };
    assert.equal(findContainer(pod, 'kube-proxy')?.name, 'proxy');
    assert.equal(programVersion(pod, 'kube-proxy'), 'v1.31.4');
    assert.equal(findContainer(pod, 'etcd'), undefined);
  });

  it('prefers a container named after the program to one whose image merely matches', () => {
    const pod: ApiPod = {
      spec: { containers: [{ name: 'sidecar', image: 'example.com/etcd:3.4.0' }, { name: 'etcd', image: 'registry.k8s.io/etcd:3.5.15-0' }] },
    };
    assert.equal(programVersion(pod, 'etcd'), '3.5.15-0');
  });

  it('takes the only container of a pod whatever its name, and none from a pod without containers', () => {
    assert.equal(findContainer({ spec: { containers: [{ name: 'main', image: 'x/y:1' }] } }, 'kube-scheduler')?.name, 'main');
    assert.equal(findContainer({}, 'kube-scheduler'), undefined);
    assert.equal(findContainer({ spec: {} }, 'kube-scheduler'), undefined);
    assert.equal(programVersion({}, 'kube-scheduler'), undefined);
  });

  it('falls back to the kubelet\'s image when the spec pins a digest', () => {
    const pod: ApiPod = {
      spec: { containers: [{ name: 'etcd', image: 'registry.k8s.io/etcd@sha256:abc123' }] },
      status: { containerStatuses: [{ name: 'etcd', image: 'registry.k8s.io/etcd:3.5.15-0' }] },
    };
    assert.equal(programVersion(pod, 'etcd'), '3.5.15-0');
    assert.equal(programVersion({ spec: { containers: [{ name: 'etcd', image: 'registry.k8s.io/etcd@sha256:abc123' }] } }, 'etcd'), undefined);
  });

  it('reads phase, deletion, readiness and labels', () => {
    assert.equal(isFinished({ status: { phase: 'Succeeded' } }), true);
    assert.equal(isFinished({ status: { phase: 'Failed' } }), true);
    assert.equal(isFinished({ status: { phase: 'Running' } }), false);
    assert.equal(isFinished({}), false);
    assert.equal(isDeleting(kubeProxyPod('p', 'n', 'kube-proxy:v1', { deleting: true })), true);
    assert.equal(isDeleting(kubeProxyPod('p', 'n', 'kube-proxy:v1')), false);
    assert.equal(isPodReady({ status: { conditions: [{ type: 'ContainersReady', status: 'True' }, { type: 'Ready', status: 'False' }] } }), false);
    assert.equal(isPodReady({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }), true);
    assert.equal(isPodReady({}), false);
    assert.equal(podLabel({ metadata: { labels: { tier: 'control-plane' } } }, 'tier'), 'control-plane');
    assert.equal(podLabel({}, 'tier'), undefined);
  });
});

describe('fromApi: incomplete objects', () => {
  it('shows a taint without key or effect with empty ones', () => {
    const node = { ...controlPlaneNode, spec: { taints: [{ value: 'x' }, { key: 'dedicated', effect: 'NoSchedule' }] } };
    assert.deepEqual(nodeInfo(node).taints, [
      { key: '', value: 'x', effect: '' },
      { key: 'dedicated', effect: 'NoSchedule' },
    ]);
  });

  it('lists a control-plane pod that has no name with an empty name', () => {
    const pod: ApiPod = { metadata: { labels: { component: 'etcd' } }, spec: { containers: [{ name: 'etcd', image: 'registry.k8s.io/etcd:3.5.15-0' }] } };
    assert.deepEqual(controlPlaneComponents([pod]), [{ component: 'etcd', podName: '', namespace: 'kube-system', version: '3.5.15-0', ready: false }]);
  });
});

describe('Backoff defaults', () => {
  it('starts at one second and doubles up to a minute by default', () => {
    assert.deepEqual(DEFAULT_BACKOFF, { initialMs: 1000, maxMs: 60_000, factor: 2, jitter: 0.5 });
    const b = new Backoff(undefined, () => 1);
    assert.deepEqual(Array.from({ length: 8 }, () => b.next()), [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('counts failed attempts until reset', () => {
    const b = new Backoff(DEFAULT_BACKOFF, () => 0);
    assert.equal(b.attempts, 0);
    b.next();
    b.next();
    assert.equal(b.attempts, 2);
    b.reset();
    assert.equal(b.attempts, 0);
  });
});

describe('parseRetryAfter edge cases', () => {
  it('reads seconds with surrounding blanks', () => {
    assert.equal(parseRetryAfter(' 5 ', NOW), 5000);
    assert.equal(parseRetryAfter('30', NOW), 30_000);
    assert.equal(parseRetryAfter('0', NOW), 0);
  });

  it('ignores blanks, an empty list and text that starts like a number', () => {
    assert.equal(parseRetryAfter('   ', NOW), undefined);
    assert.equal(parseRetryAfter([], NOW), undefined);
    assert.equal(parseRetryAfter('120abc', NOW), undefined);
  });

  it('never asks for a negative wait, also for a date in the past or a negative number', () => {
    assert.equal(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', NOW), 0);
    const negative = parseRetryAfter('-5', NOW);
    assert.ok(negative === undefined || negative >= 0, String(negative));
  });
});

describe('redaction of text that is not a URL', () => {
  it('still masks user info in a server address the URL parser refuses', () => {
    assert.equal(redactUrl('https://ops:pw@k8s example:6443'), 'https://***@k8s example:6443');
    assert.equal(redactUserinfo('dial tcp: lookup https://a:b@host failed, see http://c@d/x'), 'dial tcp: lookup https://***@host failed, see http://***@d/x');
  });

  it('finds no secrets in an address it cannot parse', () => {
    assert.deepEqual(urlSecrets('https://ops:pw@k8s example:6443'), []);
    assert.deepEqual(urlSecrets('https://k8s.example:6443/?token=abcd&x=1&sig=zz'), ['abcd', 'zz']);
  });

  it('masks a secret and its URL-encoded form, but not ones too short to be told from text', () => {
    const r = new Redactor(['p@ss/word', 'abc', undefined]);
    assert.equal(r.redact('sent p@ss/word as p%40ss%2Fword; abc stays'), 'sent *** as ***; abc stays');
  });
});
