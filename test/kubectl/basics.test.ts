/**
 * kubectl v1.35.2 against the simulator: version, discovery, get, cordon and watch.
 * Expected outputs are what kubectl prints against a real API server serving the
 * same objects; the kubectl source file each expectation was checked against is
 * cited (kubernetes/kubectl at tag v0.35.2, cli-runtime v0.35.2).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kubectl, lines, table, waitUntil } from './harness';
import { plainPod, replicaSet, scenario } from './scenarios';

const objects = [
  replicaSet('web', [
    { name: 'web-7d4b9c8f6-abcde', node: 'worker-1' },
    { name: 'web-7d4b9c8f6-fghij', node: 'worker-2' },
  ]),
  plainPod('debug', 'worker-1'),
  `apiVersion: v1
kind: Namespace
metadata: {name: ops}
---
apiVersion: v1
kind: Pod
metadata: {name: tool, namespace: ops}
spec:
  nodeName: worker-1
  containers: [{name: c, image: "busybox:1.36"}, {name: d, image: "busybox:1.36"}]
`,
].join('---\n');

describe('kubectl basics', () => {
  let k: Kubectl;
  before(async () => {
    k = await Kubectl.start(scenario('parity', objects));
    await waitUntil('pods running', () => k.podsOn('worker-1').every((p) => p.status?.phase === 'Running'));
  });
  after(() => k.stop());

  it('version reports the simulated server version (pkg/cmd/version/version.go)', async () => {
    const r = await k.run(['version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'Client Version: v1.35.2\nKustomize Version: v5.7.1\nServer Version: v1.35.0\n');
    assert.equal(r.stderr, '');
  });

  it('version warns about skew beyond one minor (pkg/cmd/version/skew_warning.go)', async () => {
    const old = await Kubectl.start(scenario('old', '', { version: 'v1.33.4' }));
    try {
      const r = await old.run(['version']);
      assert.equal(r.code, 0);
      assert.equal(lines(r.stdout)[2], 'Server Version: v1.33.4');
      assert.equal(r.stderr, 'Warning: version difference between client (1.35) and server (1.33) exceeds the supported minor version skew of +/-1\n');
    } finally {
      await old.stop();
    }
  });

  it('api-versions lists what a 1.35 control plane serves (pkg/cmd/apiresources/apiversions.go)', async () => {
    const r = await k.run(['api-versions']);
    assert.equal(r.code, 0);
    assert.deepEqual(lines(r.stdout), [
      'admissionregistration.k8s.io/v1',
      'apiextensions.k8s.io/v1',
      'apiregistration.k8s.io/v1',
      'apps/v1',
      'authentication.k8s.io/v1',
      'authorization.k8s.io/v1',
      'autoscaling/v1',
      'autoscaling/v2',
      'batch/v1',
      'certificates.k8s.io/v1',
      'coordination.k8s.io/v1',
      'discovery.k8s.io/v1',
      'events.k8s.io/v1',
      'flowcontrol.apiserver.k8s.io/v1',
      'networking.k8s.io/v1',
      'node.k8s.io/v1',
      'policy/v1',
      'rbac.authorization.k8s.io/v1',
      'resource.k8s.io/v1',
      'scheduling.k8s.io/v1',
      'storage.k8s.io/v1',
      'v1',
    ]);
  });

  it('api-versions of a 1.24 control plane still include the betas removed in 1.25', async () => {
    const old = await Kubectl.start(scenario('v124', '', { version: 'v1.24.17' }));
    try {
      const r = await old.run(['api-versions']);
      assert.equal(r.code, 0);
      assert.deepEqual(lines(r.stdout), [
        'admissionregistration.k8s.io/v1',
        'apiextensions.k8s.io/v1',
        'apiregistration.k8s.io/v1',
        'apps/v1',
        'authentication.k8s.io/v1',
        'authorization.k8s.io/v1',
        'autoscaling/v1',
        'autoscaling/v2',
        'autoscaling/v2beta1',
        'autoscaling/v2beta2',
        'batch/v1',
        'batch/v1beta1',
        'certificates.k8s.io/v1',
        'coordination.k8s.io/v1',
        'discovery.k8s.io/v1',
        'discovery.k8s.io/v1beta1',
        'events.k8s.io/v1',
        'events.k8s.io/v1beta1',
        'flowcontrol.apiserver.k8s.io/v1beta1',
        'flowcontrol.apiserver.k8s.io/v1beta2',
        'networking.k8s.io/v1',
        'node.k8s.io/v1',
        'node.k8s.io/v1beta1',
        'policy/v1',
        'policy/v1beta1',
        'rbac.authorization.k8s.io/v1',
        'scheduling.k8s.io/v1',
        'storage.k8s.io/v1',
        'storage.k8s.io/v1beta1',
        'v1',
      ]);
      const psp = await old.run(['api-resources', '--api-group=policy']);
      assert.deepEqual(table(psp.stdout), [
        ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'],
        ['poddisruptionbudgets', 'pdb', 'policy/v1', 'true', 'PodDisruptionBudget'],
        ['podsecuritypolicies', 'psp', 'policy/v1beta1', 'false', 'PodSecurityPolicy'],
      ]);
    } finally {
      await old.stop();
    }
  });

  it('api-resources lists the built-in resources of 1.35 (pkg/cmd/apiresources/apiresources.go)', async () => {
    const r = await k.run(['api-resources']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    const expected = `NAME                                SHORTNAMES   APIVERSION                        NAMESPACED   KIND
bindings                                         v1                                true         Binding
componentstatuses                   cs           v1                                false        ComponentStatus
configmaps                          cm           v1                                true         ConfigMap
endpoints                           ep           v1                                true         Endpoints
events                              ev           v1                                true         Event
limitranges                         limits       v1                                true         LimitRange
namespaces                          ns           v1                                false        Namespace
nodes                               no           v1                                false        Node
persistentvolumeclaims              pvc          v1                                true         PersistentVolumeClaim
persistentvolumes                   pv           v1                                false        PersistentVolume
pods                                po           v1                                true         Pod
podtemplates                                     v1                                true         PodTemplate
replicationcontrollers              rc           v1                                true         ReplicationController
resourcequotas                      quota        v1                                true         ResourceQuota
secrets                                          v1                                true         Secret
serviceaccounts                     sa           v1                                true         ServiceAccount
services                            svc          v1                                true         Service
mutatingwebhookconfigurations                    admissionregistration.k8s.io/v1   false        MutatingWebhookConfiguration
validatingadmissionpolicies                      admissionregistration.k8s.io/v1   false        ValidatingAdmissionPolicy
validatingadmissionpolicybindings                admissionregistration.k8s.io/v1   false        ValidatingAdmissionPolicyBinding
validatingwebhookconfigurations                  admissionregistration.k8s.io/v1   false        ValidatingWebhookConfiguration
customresourcedefinitions           crd,crds     apiextensions.k8s.io/v1           false        CustomResourceDefinition
apiservices                                      apiregistration.k8s.io/v1         false        APIService
controllerrevisions                              apps/v1                           true         ControllerRevision
daemonsets                          ds           apps/v1                           true         DaemonSet
deployments                         deploy       apps/v1                           true         Deployment
replicasets                         rs           apps/v1                           true         ReplicaSet
statefulsets                        sts          apps/v1                           true         StatefulSet
selfsubjectreviews                               authentication.k8s.io/v1          false        SelfSubjectReview
tokenreviews                                     authentication.k8s.io/v1          false        TokenReview
localsubjectaccessreviews                        authorization.k8s.io/v1           true         LocalSubjectAccessReview
selfsubjectaccessreviews                         authorization.k8s.io/v1           false        SelfSubjectAccessReview
selfsubjectrulesreviews                          authorization.k8s.io/v1           false        SelfSubjectRulesReview
subjectaccessreviews                             authorization.k8s.io/v1           false        SubjectAccessReview
horizontalpodautoscalers            hpa          autoscaling/v2                    true         HorizontalPodAutoscaler
cronjobs                            cj           batch/v1                          true         CronJob
jobs                                             batch/v1                          true         Job
certificatesigningrequests          csr          certificates.k8s.io/v1            false        CertificateSigningRequest
leases                                           coordination.k8s.io/v1            true         Lease
endpointslices                                   discovery.k8s.io/v1               true         EndpointSlice
events                              ev           events.k8s.io/v1                  true         Event
flowschemas                                      flowcontrol.apiserver.k8s.io/v1   false        FlowSchema
prioritylevelconfigurations                      flowcontrol.apiserver.k8s.io/v1   false        PriorityLevelConfiguration
ingressclasses                                   networking.k8s.io/v1              false        IngressClass
ingresses                           ing          networking.k8s.io/v1              true         Ingress
ipaddresses                         ip           networking.k8s.io/v1              false        IPAddress
networkpolicies                     netpol       networking.k8s.io/v1              true         NetworkPolicy
servicecidrs                                     networking.k8s.io/v1              false        ServiceCIDR
runtimeclasses                                   node.k8s.io/v1                    false        RuntimeClass
poddisruptionbudgets                pdb          policy/v1                         true         PodDisruptionBudget
clusterrolebindings                              rbac.authorization.k8s.io/v1      false        ClusterRoleBinding
clusterroles                                     rbac.authorization.k8s.io/v1      false        ClusterRole
rolebindings                                     rbac.authorization.k8s.io/v1      true         RoleBinding
roles                                            rbac.authorization.k8s.io/v1      true         Role
deviceclasses                                    resource.k8s.io/v1                false        DeviceClass
resourceclaims                                   resource.k8s.io/v1                true         ResourceClaim
resourceclaimtemplates                           resource.k8s.io/v1                true         ResourceClaimTemplate
resourceslices                                   resource.k8s.io/v1                false        ResourceSlice
priorityclasses                     pc           scheduling.k8s.io/v1              false        PriorityClass
csidrivers                                       storage.k8s.io/v1                 false        CSIDriver
csinodes                                         storage.k8s.io/v1                 false        CSINode
csistoragecapacities                             storage.k8s.io/v1                 true         CSIStorageCapacity
storageclasses                      sc           storage.k8s.io/v1                 false        StorageClass
volumeattachments                                storage.k8s.io/v1                 false        VolumeAttachment
volumeattributesclasses             vac          storage.k8s.io/v1                 false        VolumeAttributesClass
`;
    assert.equal(r.stdout, expected);
  });

  it('get nodes prints the server-side table (pkg/printers/internalversion/printers.go printNode)', async () => {
    const r = await k.run(['get', 'nodes']);
    assert.equal(r.code, 0);
    assert.deepEqual(table(r.stdout), [
      ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
      ['cp-1', 'Ready', 'control-plane', '<age>', 'v1.35.0'],
      ['worker-1', 'Ready', '<none>', '<age>', 'v1.35.0'],
      ['worker-2', 'Ready', '<none>', '<age>', 'v1.34.3'],
      ['worker-3', 'Ready', '<none>', '<age>', 'v1.34.3'],
    ]);
    assert.match(lines(r.stdout)[1]!, /^cp-1 +Ready +control-plane +\d+d +v1\.35\.0$/);
  });

  it('get nodes -o wide adds the priority-1 columns', async () => {
    const r = await k.run(['get', 'nodes', '-o', 'wide']);
    assert.equal(r.code, 0);
    assert.deepEqual(table(r.stdout), [
      ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
      ['cp-1', 'Ready', 'control-plane', '<age>', 'v1.35.0', '10.0.0.10', '<none>', 'Ubuntu 24.04.2 LTS', '6.8.0-1029-aws', 'containerd://2.0.5'],
      ['worker-1', 'Ready', '<none>', '<age>', 'v1.35.0', '10.0.0.11', '<none>', 'Ubuntu 24.04.2 LTS', '6.8.0-1029-aws', 'containerd://2.0.5'],
      ['worker-2', 'Ready', '<none>', '<age>', 'v1.34.3', '10.0.0.12', '<none>', 'Ubuntu 24.04.2 LTS', '6.8.0-1029-aws', 'containerd://2.0.5'],
      ['worker-3', 'Ready', '<none>', '<age>', 'v1.34.3', '10.0.0.13', '<none>', 'Ubuntu 24.04.2 LTS', '6.8.0-1029-aws', 'containerd://2.0.5'],
    ]);
  });

  it('get nodes -o json returns the stored objects in a List (pkg/cmd/get/get.go printGeneric)', async () => {
    const r = await k.run(['get', 'nodes', '-o', 'json']);
    assert.equal(r.code, 0);
    const list = JSON.parse(r.stdout) as { apiVersion: string; kind: string; metadata: { resourceVersion: string }; items: { kind: string; apiVersion: string; metadata: { name: string; resourceVersion: string } }[] };
    assert.equal(list.kind, 'List');
    assert.equal(list.apiVersion, 'v1');
    assert.deepEqual(list.metadata, { resourceVersion: '' });
    assert.deepEqual(list.items.map((n) => n.metadata.name), ['cp-1', 'worker-1', 'worker-2', 'worker-3']);
    for (const item of list.items) {
      assert.equal(item.kind, 'Node');
      assert.equal(item.apiVersion, 'v1');
      assert.match(item.metadata.resourceVersion, /^\d+$/);
      assert.deepEqual(item, JSON.parse(JSON.stringify(k.node(item.metadata.name))), 'kubectl prints exactly what the server stored');
    }
  });

  it('get pods -A --field-selector spec.nodeName=worker-1 lists that node\'s pods with a NAMESPACE column', async () => {
    const r = await k.run(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=worker-1']);
    assert.equal(r.code, 0);
    assert.deepEqual(table(r.stdout), [
      ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['default', 'debug', '1/1', 'Running', '0', '<age>'],
      ['default', 'web-7d4b9c8f6-abcde', '1/1', 'Running', '0', '<age>'],
      ['ops', 'tool', '2/2', 'Running', '0', '<age>'],
    ]);
    const none = await k.run(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=worker-3']);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '');
    assert.equal(none.stderr, 'No resources found\n');
    const bad = await k.run(['get', 'pods', '--field-selector', 'spec.bogus=x']);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.bogus=x": field label not supported: spec.bogus\n');
  });

  it('get of a missing object prints the NotFound Status (pkg/cmd/util/helpers.go)', async () => {
    const r = await k.run(['get', 'node', 'nope']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error from server (NotFound): nodes "nope" not found\n');
  });

  it('cordon and uncordon patch spec.unschedulable (pkg/cmd/drain/drain.go RunCordonOrUncordon, pkg/drain/cordon.go)', async () => {
    let r = await k.run(['cordon', 'worker-3']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'node/worker-3 cordoned\n', '']);
    assert.equal(k.node('worker-3')!.spec?.unschedulable, true);
    await waitUntil('unschedulable taint', () => k.node('worker-3')!.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unschedulable') === true);
    r = await k.run(['cordon', 'worker-3']);
    assert.deepEqual([r.code, r.stdout], [0, 'node/worker-3 already cordoned\n']);
    const get = await k.run(['get', 'node', 'worker-3']);
    assert.deepEqual(table(get.stdout)[1], ['worker-3', 'Ready,SchedulingDisabled', '<none>', '<age>', 'v1.34.3']);
    r = await k.run(['uncordon', 'worker-3']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'node/worker-3 uncordoned\n', '']);
    assert.equal(k.node('worker-3')!.spec?.unschedulable, undefined);
    r = await k.run(['uncordon', 'worker-3']);
    assert.deepEqual([r.code, r.stdout], [0, 'node/worker-3 already uncordoned\n']);
    r = await k.run(['cordon', 'nope']);
    assert.deepEqual([r.code, r.stderr], [1, 'Error from server (NotFound): nodes "nope" not found\n']);
  });

  it('get nodes --watch prints a new row when a node is cordoned (pkg/cmd/get/get.go watch)', async () => {
    const child = k.spawn(['get', 'nodes', '--watch']);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    try {
      await waitUntil('initial rows', () => lines(out).length >= 5);
      const c = await k.run(['cordon', 'worker-2']);
      assert.equal(c.code, 0);
      await waitUntil('watch row', () => lines(out).length >= 6);
      // The cordon patch and the node lifecycle controller's unschedulable taint are two
      // MODIFIED events, as on a real cluster: one or two new rows, all SchedulingDisabled.
      await waitUntil('taint', () => k.node('worker-2')!.spec?.taints !== undefined);
      await new Promise((r) => setTimeout(r, 200));
      const rows = table(out);
      assert.deepEqual(rows.slice(0, 5), [
        ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
        ['cp-1', 'Ready', 'control-plane', '<age>', 'v1.35.0'],
        ['worker-1', 'Ready', '<none>', '<age>', 'v1.35.0'],
        ['worker-2', 'Ready', '<none>', '<age>', 'v1.34.3'],
        ['worker-3', 'Ready', '<none>', '<age>', 'v1.34.3'],
      ]);
      assert.ok(rows.length === 6 || rows.length === 7, `${rows.length - 5} watch rows`);
      for (const row of rows.slice(5)) assert.deepEqual(row, ['worker-2', 'Ready,SchedulingDisabled', '<none>', '<age>', 'v1.34.3']);
    } finally {
      child.kill('SIGTERM');
      await k.run(['uncordon', 'worker-2']);
    }
  });
});
