import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { TARGET, findingsOf } from './analyzeHelpers';

/*
 * The quick fixes of deprecated labels, annotations and pod fields: a renamed label or
 * annotation whose new key is already there, the serviceAccount alias, the storage-class
 * annotation, and the seccomp and AppArmor annotations that become securityContext profiles
 * on the pod or on one container. What each writes, and the reason it gives when it leaves the
 * change to a person (the file then stays as it is).
 */

const rules = builtinRuleSet();

interface Outcome {
  readonly text: string;
  readonly manual: readonly { readonly ruleId: string; readonly reason: string }[];
}

function fixAll(text: string, path?: string): Outcome {
  const result = fixAllText(text, rules, { target: TARGET, path });
  return { text: result.text, manual: result.manual.map((m) => ({ ruleId: m.ruleId, reason: m.reason })) };
}

/** The notes of the quick fix of the file's only finding. */
function notesOf(text: string): readonly string[] {
  const found = findingsOf(text);
  assert.equal(found.length, 1);
  const fix = computeFix(text, found[0], rules, { target: TARGET });
  assert.equal(fix.kind, 'edit');
  return fix.kind === 'edit' ? fix.notes : [];
}

/** Fix all leaves the file as it is and gives this reason for its only finding. */
function leftWith(text: string, ruleId: string, reason: string, path?: string): void {
  assert.deepEqual(fixAll(text, path), { text, manual: [{ ruleId, reason }] });
}

const pod = (annotations: string, spec: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
${annotations}spec:
${spec}`;

const CONTAINERS = '  containers:\n    - name: app\n      image: app:1\n';

describe('a renamed node label whose new key is already there', () => {
  test('with the same value, the old key is removed and the note says why', () => {
    const text = pod('', `  nodeSelector:\n    beta.kubernetes.io/arch: amd64\n    kubernetes.io/arch: amd64\n${CONTAINERS}`);
    assert.deepEqual(notesOf(text), ['Removed beta.kubernetes.io/arch; kubernetes.io/arch is already there.']);
    assert.deepEqual(fixAll(text), { text: pod('', `  nodeSelector:\n    kubernetes.io/arch: amd64\n${CONTAINERS}`), manual: [] });
  });

  test('with another value, or values from a template, the selector is left to a person', () => {
    leftWith(pod('', `  nodeSelector:\n    beta.kubernetes.io/arch: amd64\n    kubernetes.io/arch: arm64\n${CONTAINERS}`), 'label-beta-arch', 'kubernetes.io/arch is already set, to a different or templated value');
    const chart = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      nodeSelector:
        beta.kubernetes.io/os: {{ .Values.os }}
        kubernetes.io/os: {{ .Values.os }}
      containers:
        - name: app
          image: app:1
`;
    leftWith(chart, 'label-beta-os', 'kubernetes.io/os is already set, to a different or templated value', 'chart/templates/deployment.yaml');
  });

  test('a label named as the key of a node affinity expression is replaced in place', () => {
    const affinity = (key: string): string => pod('', `  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - key: ${key}
                operator: In
                values: [eu-west-1a]
${CONTAINERS}`);
    assert.deepEqual(fixAll(affinity('failure-domain.beta.kubernetes.io/zone')), { text: affinity('topology.kubernetes.io/zone'), manual: [] });
  });
});

describe('a renamed annotation whose new key is already there', () => {
  const claim = (annotations: string): string => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  annotations:
${annotations}spec:
  accessModes: [ReadWriteOnce]
`;

  test('alone, the beta annotation is renamed with its value', () => {
    assert.deepEqual(fixAll(claim('    volume.beta.kubernetes.io/storage-provisioner: ebs.csi.aws.com\n')), { text: claim('    volume.kubernetes.io/storage-provisioner: ebs.csi.aws.com\n'), manual: [] });
  });

  test('with the same value, the beta annotation is removed and the note says why', () => {
    const text = claim('    volume.beta.kubernetes.io/storage-provisioner: ebs.csi.aws.com\n    volume.kubernetes.io/storage-provisioner: ebs.csi.aws.com\n');
    assert.deepEqual(notesOf(text), ['Removed volume.beta.kubernetes.io/storage-provisioner; volume.kubernetes.io/storage-provisioner is already there.']);
    assert.deepEqual(fixAll(text), { text: claim('    volume.kubernetes.io/storage-provisioner: ebs.csi.aws.com\n'), manual: [] });
  });

  test('with another value, or values from a template, it is left to a person', () => {
    const reason = 'volume.kubernetes.io/storage-provisioner is already set, to a different or templated value';
    leftWith(claim('    volume.beta.kubernetes.io/storage-provisioner: ebs.csi.aws.com\n    volume.kubernetes.io/storage-provisioner: pd.csi.storage.gke.io\n'), 'annotation-storage-provisioner', reason);
    leftWith(
      claim('    volume.beta.kubernetes.io/storage-provisioner: {{ .Values.provisioner }}\n    volume.kubernetes.io/storage-provisioner: {{ .Values.provisioner }}\n'),
      'annotation-storage-provisioner',
      reason,
      'chart/templates/pvc.yaml',
    );
  });
});

describe('serviceAccount beside serviceAccountName', () => {
  test('naming the same account, the alias is removed and the note says so', () => {
    const text = pod('', `  serviceAccount: builder\n  serviceAccountName: builder\n${CONTAINERS}`);
    assert.deepEqual(notesOf(text), ['Removed the duplicate serviceAccount.']);
    assert.deepEqual(fixAll(text), { text: pod('', `  serviceAccountName: builder\n${CONTAINERS}`), manual: [] });
  });

  test('in a Deployment the pair is looked up in the pod template', () => {
    const deployment = (podSpec: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${podSpec}      containers:
        - name: app
          image: app:1
`;
    assert.deepEqual(fixAll(deployment('      serviceAccount: builder\n      serviceAccountName: builder\n')), { text: deployment('      serviceAccountName: builder\n'), manual: [] });
  });

  test('naming different accounts, the pod is left to a person', () => {
    leftWith(pod('', `  serviceAccount: builder\n  serviceAccountName: deployer\n${CONTAINERS}`), 'field-pod-service-account', 'serviceAccount and serviceAccountName name different accounts');
  });
});

describe('the storage-class annotation', () => {
  const claim = (value: string, spec: string): string => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  annotations:
    volume.beta.kubernetes.io/storage-class: ${value}
spec:
${spec}  accessModes: [ReadWriteOnce]
`;

  test('a storageClassName that already names the class is kept, and the annotation goes', () => {
    assert.deepEqual(fixAll(claim('fast', '  storageClassName: fast\n')), {
      text: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: fast\n  accessModes: [ReadWriteOnce]\n',
      manual: [],
    });
  });

  test('a claim without spec is left to a person', () => {
    const text = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  annotations:\n    volume.beta.kubernetes.io/storage-class: fast\n';
    leftWith(text, 'annotation-storage-class', 'the claim has no spec map');
  });

  test('a storageClassName naming another class, or a value that is not a string, is left to a person', () => {
    leftWith(claim('fast', '  storageClassName: standard\n'), 'annotation-storage-class', 'spec.storageClassName is already set differently');
    leftWith(claim('5', ''), 'annotation-storage-class', 'the annotation value is not a string');
  });
});

describe('the pod seccomp annotation', () => {
  const annotated = (value: string): string => `  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: ${value}\n`;

  test('localhost/<file> becomes a Localhost profile naming the file', () => {
    const text = pod(annotated('localhost/profiles/audit.json'), CONTAINERS);
    assert.deepEqual(notesOf(text), ['securityContext.seccompProfile is set to Localhost.']);
    assert.deepEqual(fixAll(text), {
      text: pod('', `${CONTAINERS}  securityContext:\n    seccompProfile:\n      type: Localhost\n      localhostProfile: profiles/audit.json\n`),
      manual: [],
    });
  });

  test('unconfined becomes an Unconfined profile', () => {
    const text = pod(annotated('unconfined'), `  securityContext:\n    runAsNonRoot: true\n${CONTAINERS}`);
    assert.deepEqual(fixAll(text), {
      text: pod('', `  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: Unconfined\n${CONTAINERS}`),
      manual: [],
    });
  });

  test('a profile already set to the same Localhost file is kept, and the annotation goes', () => {
    const profile = `  securityContext:\n    seccompProfile:\n      type: Localhost\n      localhostProfile: profiles/audit.json\n${CONTAINERS}`;
    assert.deepEqual(fixAll(pod(annotated('localhost/profiles/audit.json'), profile)), { text: pod('', profile), manual: [] });
  });

  test('a profile of another type or another file is left to a person', () => {
    const reason = 'spec.securityContext.seccompProfile is already set differently';
    leftWith(pod(annotated('localhost/profiles/audit.json'), `  securityContext:\n    seccompProfile:\n      type: Localhost\n      localhostProfile: profiles/other.json\n${CONTAINERS}`), 'annotation-seccomp-pod', reason);
    leftWith(pod(annotated('runtime/default'), `  securityContext:\n    seccompProfile:\n      type: Unconfined\n${CONTAINERS}`), 'annotation-seccomp-pod', reason);
    leftWith(pod(annotated('runtime/default'), `  securityContext:\n    seccompProfile: RuntimeDefault\n${CONTAINERS}`), 'annotation-seccomp-pod', reason);
  });

  test('values the API does not know, a securityContext that is not a map, and a pod without spec are left with the reason', () => {
    leftWith(pod(annotated('localhost/'), CONTAINERS), 'annotation-seccomp-pod', 'unknown profile value localhost/');
    leftWith(pod(annotated('[runtime/default]'), CONTAINERS), 'annotation-seccomp-pod', 'the annotation value is not a string');
    leftWith(pod(annotated('unconfined'), `  securityContext:\n${CONTAINERS}`), 'annotation-seccomp-pod', 'spec.securityContext is not a map');
    const bare = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${annotated('runtime/default')}`;
    leftWith(bare, 'annotation-seccomp-pod', 'the annotated object has no pod spec');
  });
});

describe('container seccomp and AppArmor annotations', () => {
  const KEEP = '    kubectl.kubernetes.io/default-container: app\n';

  test('each lands on the container it names: a container, an init container, an ephemeral container', () => {
    const text = pod(
      `  annotations:\n${KEEP}    container.apparmor.security.beta.kubernetes.io/app: runtime/default\n    container.seccomp.security.alpha.kubernetes.io/init: docker/default\n    container.seccomp.security.alpha.kubernetes.io/debugger: unconfined\n`,
      '  initContainers:\n    - name: init\n      image: init:1\n  containers:\n    - name: app\n      image: app:1\n  ephemeralContainers:\n    - name: debugger\n      image: busybox\n',
    );
    assert.deepEqual(fixAll(text), {
      text: pod(
        `  annotations:\n${KEEP}`,
        `  initContainers:
    - name: init
      image: init:1
      securityContext:
        seccompProfile:
          type: RuntimeDefault
  containers:
    - name: app
      image: app:1
      securityContext:
        appArmorProfile:
          type: RuntimeDefault
  ephemeralContainers:
    - name: debugger
      image: busybox
      securityContext:
        seccompProfile:
          type: Unconfined
`,
      ),
      manual: [],
    });
  });

  test('an AppArmor localhost profile lands on the second container, by name', () => {
    const text = pod('  annotations:\n    container.apparmor.security.beta.kubernetes.io/sidecar: localhost/k8s-nginx\n', `${CONTAINERS}    - name: sidecar\n      image: proxy:1\n`);
    assert.deepEqual(notesOf(text), ['securityContext.appArmorProfile is set to Localhost.']);
    assert.deepEqual(fixAll(text), {
      text: pod('', `${CONTAINERS}    - name: sidecar\n      image: proxy:1\n      securityContext:\n        appArmorProfile:\n          type: Localhost\n          localhostProfile: k8s-nginx\n`),
      manual: [],
    });
  });

  test('a list entry still being written (empty) does not stop the search for the named container', () => {
    const text = pod('  annotations:\n    container.seccomp.security.alpha.kubernetes.io/app: runtime/default\n', '  containers:\n    -\n    - name: app\n      image: app:1\n');
    assert.deepEqual(fixAll(text).text, pod('', '  containers:\n    -\n    - name: app\n      image: app:1\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n'));
  });

  test('an annotation naming no container of the pod, or docker/default for AppArmor, is left with the reason', () => {
    leftWith(pod('  annotations:\n    container.apparmor.security.beta.kubernetes.io/proxy: runtime/default\n', CONTAINERS), 'annotation-apparmor-container', 'no container named proxy');
    leftWith(pod('  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: docker/default\n', CONTAINERS), 'annotation-apparmor-container', 'unknown profile value docker/default');
  });
});

describe('a toleration of the master taint', () => {
  test('gets a control-plane toleration beside it, and the note says why the old one stays', () => {
    const text = pod('', `  tolerations:\n    - key: node-role.kubernetes.io/master\n      operator: Exists\n      effect: NoSchedule\n${CONTAINERS}`);
    assert.deepEqual(notesOf(text), ['Added a toleration of node-role.kubernetes.io/control-plane beside the node-role.kubernetes.io/master one, which nodes not yet upgraded may still carry.']);
    assert.deepEqual(fixAll(text), {
      text: pod('', `  tolerations:\n    - key: node-role.kubernetes.io/master\n      operator: Exists\n      effect: NoSchedule\n    - key: node-role.kubernetes.io/control-plane\n      operator: Exists\n      effect: NoSchedule\n${CONTAINERS}`),
      manual: [],
    });
  });
});

describe('fixes that only rename or move a value', () => {
  test('add no note: a label, serviceAccount, the storage class, the provisioner annotation, a scale target reference', () => {
    assert.deepEqual(notesOf(pod('', `  nodeSelector:\n    beta.kubernetes.io/arch: amd64\n${CONTAINERS}`)), []);
    assert.deepEqual(notesOf(pod('', `  serviceAccount: builder\n${CONTAINERS}`)), []);
    const claim = (annotation: string): string => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  annotations:\n    ${annotation}\nspec:\n  accessModes: [ReadWriteOnce]\n`;
    assert.deepEqual(notesOf(claim('volume.beta.kubernetes.io/storage-class: fast')), []);
    assert.deepEqual(notesOf(claim('volume.beta.kubernetes.io/storage-provisioner: ebs.csi.aws.com')), []);
    const autoscaler = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef:
    apiVersion: extensions/v1beta1
    kind: Deployment
    name: api
  minReplicas: 1
  maxReplicas: 3
`;
    assert.deepEqual(notesOf(autoscaler), []);
    assert.deepEqual(fixAll(autoscaler), { text: autoscaler.replace('extensions/v1beta1', 'apps/v1'), manual: [] });
  });
});
