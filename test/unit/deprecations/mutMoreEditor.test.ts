import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedText, lines, quickFix, seccompFixedPod, seccompPod } from './mutEditorHelpers';

/*
 * Quick fixes on the less common ways to write YAML: empty values and explicit keys (`? key`),
 * anchors and aliases, flow maps that get nothing new, CRLF files, comments and blank lines
 * inside copied labels, wide list dashes, and Helm block actions written without `-` or spaces.
 */

const SECCOMP = 'annotation-seccomp-pod';
const CHART = 'mychart/templates/workload.yaml';

const pod = seccompPod;
const fixedPod = seccompFixedPod;

const podWith = (...body: string[]): string => lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', ...body);

const deployment = (apiVersion: string, ...spec: string[]): string => lines(`apiVersion: ${apiVersion}`, 'kind: Deployment', 'metadata:', '  name: web', ...spec);

describe('entries written with an empty value', () => {
  test('a new entry after a flow entry with an empty value keeps that entry whole', () => {
    assert.equal(
      fixedText(pod('  securityContext: {runAsUser: 1000, runAsNonRoot: }'), SECCOMP),
      fixedPod('  securityContext: {runAsUser: 1000, runAsNonRoot:, seccompProfile: {type: RuntimeDefault} }'),
    );
  });

  test('a comment after the empty value stays a comment', () => {
    assert.equal(
      fixedText(pod('  securityContext: {runAsUser: 1000, runAsNonRoot: # set by policy', '  }'), SECCOMP),
      fixedPod('  securityContext: {runAsUser: 1000, runAsNonRoot:, seccompProfile: {type: RuntimeDefault} # set by policy', '  }'),
    );
  });

  test('a key written without any value (`{a, b}`) gets the new entry after it', () => {
    assert.equal(
      fixedText(pod('  securityContext: {runAsUser: 1000, runAsNonRoot}'), SECCOMP),
      fixedPod('  securityContext: {runAsUser: 1000, runAsNonRoot, seccompProfile: {type: RuntimeDefault}}'),
    );
  });

  test('a dropped field with an empty value at the end of a flow spec goes with its colon', () => {
    const text = deployment('apps/v1beta1', 'spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}}, templateGeneration: }');
    assert.equal(fixedText(text, 'deployment-apps-v1beta1'), deployment('apps/v1', 'spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}} }'));
  });

  test('an empty annotation value before the removed one keeps its colon', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  annotations: {team: , seccomp.security.alpha.kubernetes.io/pod: runtime/default}',
      'spec:',
      '  containers:',
      '    - name: c',
      '      image: nginx',
    );
    assert.equal(
      fixedText(text, SECCOMP),
      lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations: {team:}', 'spec:', '  containers:', '    - name: c', '      image: nginx', '  securityContext:', '    seccompProfile:', '      type: RuntimeDefault'),
    );
  });
});

describe('explicit keys (`? key` then `: value`)', () => {
  const template = ['  template:', '    metadata:', '      labels:', '        app: web'];

  test('a dropped field written as an explicit key goes with both its lines', () => {
    const text = deployment('apps/v1beta1', 'spec:', '  selector: {matchLabels: {app: web}}', '  ? templateGeneration', '  : 3', ...template);
    assert.equal(fixedText(text, 'deployment-apps-v1beta1'), deployment('apps/v1', 'spec:', '  selector: {matchLabels: {app: web}}', ...template));
  });

  test('an explicit key with an empty value goes with its colon line', () => {
    const text = deployment('apps/v1beta1', 'spec:', '  selector: {matchLabels: {app: web}}', '  ? templateGeneration', '  :', ...template);
    assert.equal(fixedText(text, 'deployment-apps-v1beta1'), deployment('apps/v1', 'spec:', '  selector: {matchLabels: {app: web}}', ...template));
  });

  test('two dropped explicit keys both go', () => {
    const text = deployment('apps/v1beta1', 'spec:', '  selector: {matchLabels: {app: web}}', '  ? rollbackTo', '  : {revision: 1}', '  ? templateGeneration', '  : 3', ...template);
    assert.equal(fixedText(text, 'deployment-apps-v1beta1'), deployment('apps/v1', 'spec:', '  selector: {matchLabels: {app: web}}', ...template));
  });

  test('a dropped explicit key is replaced by the selector at the column of its `?`', () => {
    const text = deployment('apps/v1beta1', 'spec:', '  ? rollbackTo', '  : {revision: 1}', ...template);
    assert.equal(fixedText(text, 'deployment-apps-v1beta1'), deployment('apps/v1', 'spec:', '  selector:', '    matchLabels:', '      app: web', ...template));
  });

  test('an old label written as the first, explicit key of a node selector is removed with its value', () => {
    const text = podWith('spec:', '  nodeSelector:', '    ? beta.kubernetes.io/arch', '    : amd64', '    kubernetes.io/arch: amd64', '  containers: [{name: c, image: nginx}]');
    assert.equal(fixedText(text, 'label-beta-arch'), podWith('spec:', '  nodeSelector:', '    kubernetes.io/arch: amd64', '  containers: [{name: c, image: nginx}]'));
  });

  test('an explicit key in a flow map goes with its `?`', () => {
    const text = podWith('spec:', '  nodeSelector: {? beta.kubernetes.io/arch : amd64, kubernetes.io/arch: amd64}', '  containers: [{name: c, image: nginx}]');
    assert.equal(fixedText(text, 'label-beta-arch'), podWith('spec:', '  nodeSelector: {kubernetes.io/arch: amd64}', '  containers: [{name: c, image: nginx}]'));
  });

  test('a new entry after an explicit key with an empty value comes after its colon line', () => {
    assert.equal(
      fixedText(pod('  securityContext:', '    runAsUser: 1000', '    ? runAsNonRoot', '    :'), SECCOMP),
      fixedPod('  securityContext:', '    runAsUser: 1000', '    ? runAsNonRoot', '    :', '    seccompProfile:', '      type: RuntimeDefault'),
    );
  });
});

describe('anchors and aliases', () => {
  test('an apiVersion given through an alias is written out in place of the alias', () => {
    const text = lines('kind: Deployment', 'metadata:', '  name: web', '  labels: {version: &v extensions/v1beta1}', 'apiVersion: *v', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}');
    assert.equal(fixedText(text, 'deployment-extensions-v1beta1'), text.replace('apiVersion: *v', 'apiVersion: apps/v1'));
  });

  test('a serviceAccount whose anchor serviceAccountName uses is not removed', () => {
    const text = podWith('spec:', '  serviceAccount: &sa builder', '  serviceAccountName: *sa', '  containers: [{name: c, image: nginx}]');
    assert.deepEqual(quickFix(text, 'field-pod-service-account'), { manual: 'an entry to remove holds the anchor &sa, which an alias elsewhere uses' });
  });

  test('an old label whose value another label refers to is not removed', () => {
    const text = podWith('  labels:', '    beta.kubernetes.io/arch: &arch amd64', '    kubernetes.io/arch: *arch', 'spec:', '  containers: [{name: c, image: nginx}]');
    assert.deepEqual(quickFix(text, 'label-beta-arch'), { manual: 'an entry to remove holds the anchor &arch, which an alias elsewhere uses' });
  });

  test('an annotation whose value another annotation refers to is not moved', () => {
    const text = podWith('  annotations:', '    seccomp.security.alpha.kubernetes.io/pod: &profile runtime/default', '    note: *profile', 'spec:', '  containers: [{name: c, image: nginx}]');
    assert.deepEqual(quickFix(text, SECCOMP), { manual: 'an entry to remove holds the anchor &profile, which an alias elsewhere uses' });
  });

  test('an anchor nothing refers to does not stop the removal', () => {
    const text = podWith('  annotations:', '    seccomp.security.alpha.kubernetes.io/pod: &profile runtime/default', 'spec:', '  containers: [{name: c, image: nginx}]');
    assert.equal(fixedText(text, SECCOMP), podWith('spec:', '  containers: [{name: c, image: nginx}]', '  securityContext:', '    seccompProfile:', '      type: RuntimeDefault'));
  });

  test('an alias inside the removed field itself does not stop the removal', () => {
    const text = deployment('apps/v1beta1', 'spec:', '  selector: {matchLabels: {app: web}}', '  rollbackTo: {revision: &r 2, note: *r}', '  template:', '    metadata: {labels: {app: web}}');
    assert.equal(fixedText(text, 'deployment-apps-v1beta1'), deployment('apps/v1', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}'));
  });

  test('an anchored old label key goes with its anchor', () => {
    const text = podWith('spec:', '  nodeSelector:', '    &old beta.kubernetes.io/arch: amd64', '    kubernetes.io/arch: amd64', '  containers: [{name: c, image: nginx}]');
    assert.equal(fixedText(text, 'label-beta-arch'), podWith('spec:', '  nodeSelector:', '    kubernetes.io/arch: amd64', '  containers: [{name: c, image: nginx}]'));
  });

  test('a tagged old label key goes with its tag', () => {
    const text = podWith('spec:', '  nodeSelector:', '    !!str beta.kubernetes.io/arch: amd64', '    kubernetes.io/arch: amd64', '  containers: [{name: c, image: nginx}]');
    assert.equal(fixedText(text, 'label-beta-arch'), podWith('spec:', '  nodeSelector:', '    kubernetes.io/arch: amd64', '  containers: [{name: c, image: nginx}]'));
  });

  test('an old label key whose anchor an affinity term refers to is not removed', () => {
    const text = podWith(
      'spec:',
      '  nodeSelector:',
      '    &arch beta.kubernetes.io/arch: amd64',
      '    kubernetes.io/arch: amd64',
      '  affinity:',
      '    nodeAffinity:',
      '      requiredDuringSchedulingIgnoredDuringExecution:',
      '        nodeSelectorTerms:',
      '          - matchExpressions:',
      '              - {key: *arch, operator: Exists}',
      '  containers: [{name: c, image: nginx}]',
    );
    assert.deepEqual(quickFix(text, 'label-beta-arch'), { manual: 'an entry to remove holds the anchor &arch, which an alias elsewhere uses' });
  });

  test('a backend key written without a value is reported as missing, not copied', () => {
    const text = lines('apiVersion: extensions/v1beta1', 'kind: Ingress', 'metadata:', '  name: web', 'spec:', '  backend: {serviceName, servicePort: 80}');
    assert.deepEqual(quickFix(text, 'ingress-extensions-v1beta1'), { manual: 'spec.backend.serviceName is missing' });
  });
});

describe('a flow map that gets nothing new', () => {
  test('a Deployment whose flow spec already has its selector only changes apiVersion', () => {
    const text = deployment('apps/v1beta2', 'spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}}}');
    assert.equal(fixedText(text, 'deployment-apps-v1beta2'), text.replace('apps/v1beta2', 'apps/v1'));
  });

  test('a webhook written as a flow map with every old default set only changes apiVersion', () => {
    const text = lines(
      'apiVersion: admissionregistration.k8s.io/v1beta1',
      'kind: ValidatingWebhookConfiguration',
      'metadata:',
      '  name: v',
      'webhooks:',
      '  - {name: a.example.com, sideEffects: None, admissionReviewVersions: [v1], failurePolicy: Fail, matchPolicy: Equivalent, timeoutSeconds: 5}',
    );
    assert.equal(fixedText(text, 'webhook-admissionregistration-v1beta1'), text.replace('/v1beta1', '/v1'));
  });
});

describe('line breaks and re-indented copies', () => {
  test('in a CRLF file a new block entry goes after the last line, before its CRLF', () => {
    const text = pod('  securityContext:', '    runAsUser: 1000').replace(/\n/g, '\r\n');
    assert.equal(fixedText(text, SECCOMP), fixedPod('  securityContext:', '    runAsUser: 1000', '    seccompProfile:', '      type: RuntimeDefault').replace(/\n/g, '\r\n'));
  });

  test('in a CRLF file a blank line inside the copied labels stays blank', () => {
    const text = deployment('apps/v1beta2', 'spec:', '  template:', '    metadata:', '      labels:', '        app: web', '', '        tier: front').replace(/\n/g, '\r\n');
    assert.equal(
      fixedText(text, 'deployment-apps-v1beta2'),
      deployment('apps/v1', 'spec:', '  template:', '    metadata:', '      labels:', '        app: web', '', '        tier: front', '  selector:', '    matchLabels:', '      app: web', '', '      tier: front').replace(/\n/g, '\r\n'),
    );
  });

  test('a line of blanks inside the copied labels is copied as it is', () => {
    const text = deployment('apps/v1beta2', 'spec:', '  template:', '    metadata:', '      labels:', '        app: web', '   ', '        tier: front');
    assert.equal(
      fixedText(text, 'deployment-apps-v1beta2'),
      deployment('apps/v1', 'spec:', '  template:', '    metadata:', '      labels:', '        app: web', '   ', '        tier: front', '  selector:', '    matchLabels:', '      app: web', '   ', '      tier: front'),
    );
  });

  test('a comment inside the copied labels, indented by just the shift, moves to the first column', () => {
    const text = deployment('apps/v1beta2', 'spec:', '  template:', '    metadata:', '      labels:', '        app: web', '  # tier: front', '        release: stable');
    assert.equal(
      fixedText(text, 'deployment-apps-v1beta2'),
      deployment('apps/v1', 'spec:', '  template:', '    metadata:', '      labels:', '        app: web', '  # tier: front', '        release: stable', '  selector:', '    matchLabels:', '      app: web', '# tier: front', '      release: stable'),
    );
  });

  test('a comment left of the shift cannot be re-indented', () => {
    const text = deployment('apps/v1beta2', 'spec:', '  template:', '    metadata:', '      labels:', '        app: web', ' # tier: front', '        release: stable');
    assert.deepEqual(quickFix(text, 'deployment-apps-v1beta2'), { manual: 'cannot re-indent the copied text' });
  });

  test('flow labels spread over lines keep their alignment after `matchLabels: `', () => {
    const text = deployment('apps/v1beta2', 'spec:', '  template:', '    metadata:', '      labels: {app: web,', '               tier: front}');
    assert.equal(
      fixedText(text, 'deployment-apps-v1beta2'),
      deployment('apps/v1', 'spec:', '  template:', '    metadata:', '      labels: {app: web,', '               tier: front}', '  selector:', '    matchLabels: {app: web,', '                  tier: front}'),
    );
  });

  test('a long profile path with spaces is written on one line', () => {
    const path = 'profiles/team with a rather long name/services that need a custom profile/web frontend.json';
    const text = lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations:', `    seccomp.security.alpha.kubernetes.io/pod: localhost/${path}`, 'spec:', '  containers: [{name: c, image: nginx}]');
    assert.equal(
      fixedText(text, SECCOMP),
      lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers: [{name: c, image: nginx}]', '  securityContext:', '    seccompProfile:', '      type: Localhost', `      localhostProfile: ${path}`),
    );
  });
});

describe('a copied toleration for the new control-plane taint', () => {
  const tolerations = (...items: string[]): string => podWith('spec:', '  tolerations:', ...items, '  containers: [{name: c, image: nginx}]');
  const copy = '{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}';

  test('a flow list with one item per line gets the copy on a line of its own', () => {
    const text = tolerations('    [{key: example.com/gpu, operator: Exists},', '     {key: node-role.kubernetes.io/master, effect: NoSchedule}]');
    assert.equal(
      fixedText(text, 'taint-node-role-master', { minor: 35 }),
      tolerations('    [{key: example.com/gpu, operator: Exists},', '     {key: node-role.kubernetes.io/master, effect: NoSchedule},', `     ${copy}]`),
    );
  });

  test('a flow list that starts with an alias gets a plain YAML copy', () => {
    const podItem = (name: string, tolerations: string[]): string[] => ['  - apiVersion: v1', '    kind: Pod', '    metadata:', `      name: ${name}`, '    spec:', ...tolerations, '      containers: [{name: c, image: nginx}]'];
    const list = (second: string): string =>
      lines('apiVersion: v1', 'kind: List', 'items:', ...podItem('a', ['      tolerations:', '        - &gpu {key: example.com/gpu, operator: Exists}']), ...podItem('b', [`      tolerations: [*gpu, ${second}]`]));
    const master = '{key: node-role.kubernetes.io/master, effect: NoSchedule}';
    assert.equal(fixedText(list(master), 'taint-node-role-master', { minor: 35 }), list(`${master}, ${copy}`));
  });

  test('a block list with a wide gap after its dashes keeps that gap', () => {
    const text = tolerations('    -   key: node-role.kubernetes.io/master', '        effect: NoSchedule');
    assert.equal(
      fixedText(text, 'taint-node-role-master', { minor: 35 }),
      tolerations('    -   key: node-role.kubernetes.io/master', '        effect: NoSchedule', '    -   key: node-role.kubernetes.io/control-plane', '        effect: NoSchedule'),
    );
  });

  test('a list wholly inside {{ if }} gets the copy inside it too', () => {
    const text = tolerations('    {{- if .Values.onControlPlane }}', '    - key: node-role.kubernetes.io/master', '      effect: NoSchedule', '    {{- end }}');
    assert.equal(
      fixedText(text, 'taint-node-role-master', { minor: 35, path: CHART }),
      tolerations('    {{- if .Values.onControlPlane }}', '    - key: node-role.kubernetes.io/master', '      effect: NoSchedule', '    - key: node-role.kubernetes.io/control-plane', '      effect: NoSchedule', '    {{- end }}'),
    );
  });
});

describe('Helm blocks in the maps a fix changes', () => {
  const template = ['  template:', '    metadata:', '      labels:', '        app: web', '    spec:', '      containers:', '        - name: web', '          image: nginx'];
  const selector = ['  selector:', '    matchLabels:', '      app: web'];

  test('a DaemonSet spec that ends inside a block gets both new entries first, one per line', () => {
    const text = lines('apiVersion: extensions/v1beta1', 'kind: DaemonSet', 'metadata:', '  name: agent', 'spec:', ...template, '{{- if .Values.minReadySeconds }}', '  minReadySeconds: {{ .Values.minReadySeconds }}', '{{- end }}');
    assert.equal(
      fixedText(text, 'daemonset-extensions-v1beta1', { path: CHART }),
      lines('apiVersion: apps/v1', 'kind: DaemonSet', 'metadata:', '  name: agent', 'spec:', ...selector, '  updateStrategy:', '    type: OnDelete', ...template, '{{- if .Values.minReadySeconds }}', '  minReadySeconds: {{ .Values.minReadySeconds }}', '{{- end }}'),
    );
  });

  for (const [style, open, close] of [
    ['without a dash', '{{ if .Values.minReadySeconds }}', '{{ end }}'],
    ['without spaces', '{{if .Values.minReadySeconds}}', '{{end}}'],
  ] as const) {
    test(`a block written ${style} is still seen: the selector goes before it`, () => {
      const text = deployment('apps/v1beta2', 'spec:', ...template, open, '  minReadySeconds: 5', close);
      assert.equal(fixedText(text, 'deployment-apps-v1beta2', { path: CHART }), deployment('apps/v1', 'spec:', ...selector, ...template, open, '  minReadySeconds: 5', close));
    });
  }

  test('a template comment that starts with "if" opens no block', () => {
    const text = deployment('apps/v1beta2', 'spec:', '  replicas: 2', '  {{- /* if autoscaling is on, the HPA sets replicas */}}', ...template);
    assert.equal(fixedText(text, 'deployment-apps-v1beta2', { path: CHART }), `${text.replace('apps/v1beta2', 'apps/v1')}${lines(...selector)}`);
  });

  test('a securityContext that ends with {{ else }} on its last line gets the profile first, inside the {{ if }} branch', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  annotations:',
      '    seccomp.security.alpha.kubernetes.io/pod: runtime/default',
      'spec:',
      '  securityContext:',
      '    {{- if .Values.rootless }}',
      '    runAsUser: 1000 {{- else }}',
      '    {{- end }}',
      '  containers:',
      '    - name: c',
      '      image: nginx',
    );
    assert.equal(
      fixedText(text, SECCOMP, { path: CHART }),
      lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: p',
        'spec:',
        '  securityContext:',
        '    {{- if .Values.rootless }}',
        '    seccompProfile:',
        '      type: RuntimeDefault',
        '    runAsUser: 1000 {{- else }}',
        '    {{- end }}',
        '  containers:',
        '    - name: c',
        '      image: nginx',
      ),
    );
  });

  test('two dropped fields, one of them written by a template action, are left to a person', () => {
    const text = deployment('apps/v1beta1', 'spec:', '  selector: {matchLabels: {app: web}}', '  rollbackTo:', '    {{- toYaml .Values.rollbackTo | nindent 4 }}', '  templateGeneration: 1', ...template);
    assert.deepEqual(quickFix(text, 'deployment-apps-v1beta1', { path: CHART }), { manual: 'an entry to replace is written by a template action on its own line' });
  });
});
