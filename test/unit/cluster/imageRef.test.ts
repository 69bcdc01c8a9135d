import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageName, imageTag } from '../../../src/core/cluster/imageRef';

test('imageTag reads the tag of the last path segment', () => {
  const cases: readonly [image: string, tag: string | undefined][] = [
    ['registry.k8s.io/kube-apiserver:v1.31.4', 'v1.31.4'],
    ['registry.k8s.io/kube-apiserver:v1.31.4@sha256:0123abcd', 'v1.31.4'],
    ['registry.k8s.io/kube-apiserver@sha256:0123abcd', undefined],
    ['host:5000/kube-apiserver:v1.30.1', 'v1.30.1'],
    ['host:5000/kube-apiserver', undefined],
    ['[fd00::1]:5000/team/kube-proxy:v1.29.2-eksbuild.1', 'v1.29.2-eksbuild.1'],
    ['kube-scheduler:v1.28.0', 'v1.28.0'],
    ['kube-scheduler', undefined],
    ['kube-scheduler:', undefined],
    ['registry.k8s.io/etcd:3.5.15-0', '3.5.15-0'],
    [' docker.io/rancher/hardened-kubernetes:v1.31.4-rke2r1-build20241212 ', 'v1.31.4-rke2r1-build20241212'],
    ['sha256:9f8e7d6c5b4a', undefined],
    ['', undefined],
  ];
  for (const [image, tag] of cases) {
    assert.equal(imageTag(image), tag, image);
  }
});

test('imageName drops registry, path, tag and digest', () => {
  assert.equal(imageName('host:5000/a/b/kube-proxy:v1.30.1@sha256:ff'), 'kube-proxy');
  assert.equal(imageName('kube-proxy'), 'kube-proxy');
  assert.equal(imageName('registry.k8s.io/kube-proxy@sha256:ff'), 'kube-proxy');
});
