import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiCatalog, compareKubeApiVersions } from '../../sim/apiCatalog';

describe('API catalog', () => {
  it('serves policy/v1beta1 on 1.24 and not from 1.25', () => {
    const v124 = new ApiCatalog(24);
    assert.ok(v124.servesGroupVersion('policy/v1beta1'));
    assert.ok(v124.servesGroupVersion('policy/v1'));
    assert.equal(v124.preferredVersion('policy'), 'v1');
    assert.ok(v124.lookup('batch', 'v1beta1', 'cronjobs'));
    const v125 = new ApiCatalog(25);
    assert.equal(v125.servesGroupVersion('policy/v1beta1'), false);
    assert.equal(v125.lookup('batch', 'v1beta1', 'cronjobs'), undefined);
  });

  it('serves extensions/v1beta1 ingresses until 1.22', () => {
    assert.ok(new ApiCatalog(21).lookup('extensions', 'v1beta1', 'ingresses'));
    assert.equal(new ApiCatalog(22).servesGroupVersion('extensions/v1beta1'), false);
    assert.ok(new ApiCatalog(22).lookup('networking.k8s.io', 'v1', 'ingresses'));
  });

  it('points pods/eviction at policy/v1 from 1.22 (kubectl drain CheckEvictionSupport reads this)', () => {
    const sub = (minor: number) => new ApiCatalog(minor).lookup('', 'v1', 'pods')!.def.subresources!.find((s) => s.name === 'eviction')!;
    assert.equal(sub(21).version, 'v1beta1');
    assert.equal(sub(22).version, 'v1');
    assert.equal(sub(22).group, 'policy');
  });

  it('adds the groups new minors serve', () => {
    assert.equal(new ApiCatalog(33).servesGroupVersion('resource.k8s.io/v1'), false);
    assert.ok(new ApiCatalog(34).servesGroupVersion('resource.k8s.io/v1'));
    assert.equal(new ApiCatalog(28).preferredVersion('flowcontrol.apiserver.k8s.io'), 'v1beta3');
    assert.equal(new ApiCatalog(29).preferredVersion('flowcontrol.apiserver.k8s.io'), 'v1');
  });

  it('serves custom resources from CRDs', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Cluster', names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'] }, versions: [{ name: 'v1beta1', served: true }, { name: 'v1', served: true }, { name: 'v1alpha1', served: false }] },
    };
    const c = new ApiCatalog(33, [crd]);
    assert.deepEqual(c.groups.find((g) => g.name === 'example.com')?.versions, ['v1', 'v1beta1']);
    assert.equal(c.lookup('example.com', 'v1', 'widgets')?.def.namespaced, false);
  });

  it('orders versions by Kubernetes priority', () => {
    assert.deepEqual(['v1beta1', 'v2', 'v1alpha1', 'v1', 'v2beta2'].sort(compareKubeApiVersions), ['v2', 'v1', 'v2beta2', 'v1beta1', 'v1alpha1']);
  });
});
