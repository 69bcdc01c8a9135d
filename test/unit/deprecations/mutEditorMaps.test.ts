import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedText, lines, quickFix, seccompFixedPod, seccompPod } from './mutEditorHelpers';

/*
 * Where a quick fix writes new entries and what it removes, in every map style a manifest uses:
 * flow maps on one line or several, empty maps, JSON, CRLF files, maps that do not exist yet,
 * and files without a final line break.
 */

const SECCOMP = 'annotation-seccomp-pod';

const pod = seccompPod;
const fixedPod = seccompFixedPod;

describe('adding to a flow map', () => {
  test('a flow map on one line gets the new entry on that line', () => {
    assert.equal(fixedText(pod('  securityContext: {runAsUser: 1000}'), SECCOMP), fixedPod('  securityContext: {runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}'));
  });

  test('a flow map whose only entry sits on its own line gets the new one on the next line, at the same column', () => {
    assert.equal(
      fixedText(pod('  securityContext: {', '    runAsUser: 1000', '  }'), SECCOMP),
      fixedPod('  securityContext: {', '    runAsUser: 1000,', '    seccompProfile: {type: RuntimeDefault}', '  }'),
    );
  });

  test('a flow map whose entries continue on a second line gets the new entry on a line of its own', () => {
    assert.equal(
      fixedText(pod('  securityContext: {runAsUser: 1000,', '                    runAsGroup: 1000}'), SECCOMP),
      fixedPod('  securityContext: {runAsUser: 1000,', '                    runAsGroup: 1000,', '                    seccompProfile: {type: RuntimeDefault}}'),
    );
  });

  test('an empty flow map is replaced by one holding the new entry', () => {
    assert.equal(fixedText(pod('  securityContext: {}'), SECCOMP), fixedPod('  securityContext: {seccompProfile: {type: RuntimeDefault}}'));
  });
});

describe('JSON manifests stay JSON', () => {
  const jsonPod = (securityContext: string, annotations = '"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"'): string =>
    lines(
      '{',
      '  "apiVersion": "v1",',
      '  "kind": "Pod",',
      `  "metadata": {"name": "p", "annotations": {${annotations}}},`,
      '  "spec": {',
      `    "securityContext": ${securityContext},`,
      '    "containers": [{"name": "c", "image": "nginx"}]',
      '  }',
      '}',
    );

  test('an empty map gets quoted keys like the rest of the file', () => {
    assert.equal(
      fixedText(jsonPod('{}'), SECCOMP),
      jsonPod('{"seccompProfile": {"type": "RuntimeDefault"}}').replace('"name": "p", "annotations": {"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}', '"name": "p"'),
    );
  });

  test('an empty map in a YAML file whose root is a block map gets plain keys', () => {
    assert.equal(fixedText(pod('  securityContext: {}'), SECCOMP), fixedPod('  securityContext: {seccompProfile: {type: RuntimeDefault}}'));
  });

  test('a map spread over lines gets the entry on its own line; the annotation goes with the comma before it', () => {
    const text = jsonPod('{\n      "runAsUser": 1000\n    }', '"team": "a", "seccomp.security.alpha.kubernetes.io/pod": "runtime/default"');
    assert.equal(fixedText(text, SECCOMP), jsonPod('{\n      "runAsUser": 1000,\n      "seccompProfile": {"type": "RuntimeDefault"}\n    }', '"team": "a"'));
  });

  test('with CRLF line breaks the new line ends in CRLF too, and a first annotation goes with the comma after it', () => {
    const text = jsonPod('{\n      "runAsUser": 1000\n    }', '"seccomp.security.alpha.kubernetes.io/pod": "runtime/default", "team": "a"').replace(/\n/g, '\r\n');
    const expected = jsonPod('{\n      "runAsUser": 1000,\n      "seccompProfile": {"type": "RuntimeDefault"}\n    }', '"team": "a"').replace(/\n/g, '\r\n');
    assert.equal(fixedText(text, SECCOMP), expected);
  });

  test('lists written by the fix are JSON arrays', () => {
    const text = lines(
      '{',
      '  "apiVersion": "admissionregistration.k8s.io/v1beta1",',
      '  "kind": "ValidatingWebhookConfiguration",',
      '  "metadata": {"name": "v"},',
      '  "webhooks": [',
      '    {"name": "a.example.com", "sideEffects": "None", "timeoutSeconds": 5}',
      '  ]',
      '}',
    );
    assert.equal(
      fixedText(text, 'webhook-admissionregistration-v1beta1'),
      text
        .replace('/v1beta1', '/v1')
        .replace('"timeoutSeconds": 5}', '"timeoutSeconds": 5, "admissionReviewVersions": ["v1beta1"], "failurePolicy": "Ignore", "matchPolicy": "Exact"}'),
    );
  });

  test('a CRD schema with a list of several values is written back as JSON', () => {
    const text = lines(
      '{',
      '  "apiVersion": "apiextensions.k8s.io/v1beta1",',
      '  "kind": "CustomResourceDefinition",',
      '  "metadata": {"name": "widgets.example.com"},',
      '  "spec": {',
      '    "group": "example.com",',
      '    "scope": "Namespaced",',
      '    "names": {"plural": "widgets", "kind": "Widget"},',
      '    "version": "v1",',
      '    "validation": {"openAPIV3Schema": {"type": "object", "required": ["size", "color"]}}',
      '  }',
      '}',
    );
    assert.equal(
      fixedText(text, 'crd-apiextensions-v1beta1'),
      lines(
        '{',
        '  "apiVersion": "apiextensions.k8s.io/v1",',
        '  "kind": "CustomResourceDefinition",',
        '  "metadata": {"name": "widgets.example.com"},',
        '  "spec": {',
        '    "group": "example.com",',
        '    "scope": "Namespaced",',
        '    "names": {"plural": "widgets", "kind": "Widget"},',
        '    "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object", "required": ["size", "color"], "x-kubernetes-preserve-unknown-fields": true}}}]',
        '  }',
        '}',
      ),
    );
  });
});

describe('removing from a flow map', () => {
  const ingress = (annotations: string): string =>
    lines('apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: web', `  annotations: ${annotations}`, 'spec:', '  rules: []');
  const moved = lines('apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: web', '  annotations: {team: a}', 'spec:', '  rules: []', '  ingressClassName: nginx');

  test('the first entry goes with the separator after it', () => {
    assert.equal(fixedText(ingress('{kubernetes.io/ingress.class: nginx, team: a}'), 'annotation-ingress-class'), moved);
  });

  test('the last entry goes with the separator before it', () => {
    assert.equal(fixedText(ingress('{team: a, kubernetes.io/ingress.class: nginx}'), 'annotation-ingress-class'), moved);
  });
});

describe('a map that does not exist yet', () => {
  const classAnnotation = ['apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: web', '  annotations:', '    kubernetes.io/ingress.class: nginx'];
  const withClass = lines('apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: web', 'spec:', '  ingressClassName: nginx');

  test('an Ingress without spec gets one holding the class name', () => {
    assert.equal(fixedText(lines(...classAnnotation), 'annotation-ingress-class'), withClass);
  });

  test('an Ingress whose spec is empty (null) gets it filled in', () => {
    assert.equal(fixedText(lines(...classAnnotation, 'spec:'), 'annotation-ingress-class'), withClass);
  });

  test('a path written as a plain string cannot get a pathType', () => {
    const text = lines('apiVersion: extensions/v1beta1', 'kind: Ingress', 'metadata:', '  name: web', 'spec:', '  rules:', '    - http:', '        paths:', '          - /web');
    assert.deepEqual(quickFix(text, 'ingress-extensions-v1beta1'), { manual: 'spec.rules.0.http.paths.0 is not a map' });
  });

  test('a file without a final line break gets the new entry at its very end', () => {
    const text = lines(...classAnnotation, 'spec:', '  rules: []').trimEnd();
    assert.equal(fixedText(text, 'annotation-ingress-class'), lines('apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: web', 'spec:', '  rules: []', '  ingressClassName: nginx').trimEnd());
  });
});

describe('what the fix declines to touch', () => {
  test('a backend shared through a YAML alias is not rewritten through the alias', () => {
    const text = lines(
      'apiVersion: networking.k8s.io/v1beta1',
      'kind: Ingress',
      'metadata:',
      '  name: web',
      'spec:',
      '  rules:',
      '    - http:',
      '        paths:',
      '          - path: /a',
      '            backend: &web',
      '              serviceName: web',
      '              servicePort: 80',
      '          - path: /b',
      '            backend: *web',
    );
    assert.deepEqual(quickFix(text, 'ingress-networking-v1beta1'), { manual: 'spec.rules.0.http.paths.1.backend.servicePort is missing' });
  });

  test('a CRD spec written as an alias of another one in the List is not rewritten', () => {
    const crd = (spec: string[]): string[] => ['  - apiVersion: apiextensions.k8s.io/v1beta1', '    kind: CustomResourceDefinition', '    metadata:', '      name: widgets.example.com', ...spec];
    const text = lines(
      'apiVersion: v1',
      'kind: List',
      'items:',
      ...crd(['    spec: &widget', '      group: example.com', '      scope: Namespaced', '      names: {plural: widgets, kind: Widget}', '      version: v1']),
      ...crd(['    spec: *widget']),
    );
    assert.ok('text' in quickFix(text, 'crd-apiextensions-v1beta1', { line: 3 }), 'the first CRD is fixed');
    assert.deepEqual(quickFix(text, 'crd-apiextensions-v1beta1', { line: 12 }), { manual: 'items.1.spec is not a map' });
  });

  test('a toleration whose fields start on the line after its dash gets no copy', () => {
    const text = lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  tolerations:', '    -', '      key: node-role.kubernetes.io/master', '      effect: NoSchedule', '  containers:', '    - name: c', '      image: nginx');
    assert.deepEqual(quickFix(text, 'taint-node-role-master', { minor: 35 }), { manual: 'cannot find the dash of a list item' });
  });

  test('pod labels with a comment left of their column cannot be re-indented into the selector', () => {
    const text = lines(
      'apiVersion: apps/v1beta2',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: web',
      '#       tier: backend',
      '        env: prod',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: nginx',
    );
    assert.deepEqual(quickFix(text, 'deployment-apps-v1beta2'), { manual: 'cannot re-indent the copied text' });
  });

  test('a pod template whose metadata holds only the annotation keeps it: its metadata would be left empty', () => {
    const text = lines(
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: c',
      'spec:',
      '  schedule: "* * * * *"',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        metadata:',
      '          annotations:',
      '            seccomp.security.alpha.kubernetes.io/pod: runtime/default',
      '        spec:',
      '          restartPolicy: Never',
      '          containers:',
      '            - name: c',
      '              image: busybox',
    );
    assert.deepEqual(quickFix(text, SECCOMP), { manual: 'removing every entry of spec.jobTemplate.spec.template.metadata' });
  });
});
