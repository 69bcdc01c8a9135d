import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { TARGET, findingsOf } from './analyzeHelpers';

/*
 * The Ingress quick fixes: extensions/networking.k8s.io v1beta1 -> networking.k8s.io/v1 (backends,
 * the class annotation) and the class annotation on a networking.k8s.io/v1 Ingress, which moves
 * to spec.ingressClassName. What each writes, and why it leaves an Ingress to a person.
 */

const rules = builtinRuleSet();

interface Outcome {
  readonly text: string;
  readonly manual: readonly { readonly ruleId: string; readonly reason: string }[];
}

/** "Fix all" on the file at the target. */
function fixAll(text: string): Outcome {
  const result = fixAllText(text, rules, { target: TARGET });
  return { text: result.text, manual: result.manual.map((m) => ({ ruleId: m.ruleId, reason: m.reason })) };
}

/** The quick fix of the file's one finding of the rule. */
function quickFix(text: string, ruleId: string): ReturnType<typeof computeFix> {
  const found = findingsOf(text).filter((f) => f.ruleId === ruleId);
  assert.equal(found.length, 1);
  return computeFix(text, found[0], rules, { target: TARGET });
}

const v1 = (annotations: string, spec: string): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
${annotations}spec:
${spec}`;

describe('the class annotation on a networking.k8s.io/v1 Ingress', () => {
  test('moves to spec.ingressClassName, and the emptied annotations map goes with it', () => {
    const text = v1('  annotations:\n    kubernetes.io/ingress.class: nginx\n', '  rules:\n    - host: example.com\n');
    const fix = quickFix(text, 'annotation-ingress-class');
    assert.equal(fix.kind, 'edit');
    assert.deepEqual(fix.kind === 'edit' ? fix.notes : [], ['An IngressClass named nginx must exist.']);
    assert.deepEqual(fixAll(text), { text: v1('', '  rules:\n    - host: example.com\n  ingressClassName: nginx\n'), manual: [] });
    assert.deepEqual(findingsOf(fixAll(text).text), []);
  });

  test('an ingressClassName that already names the same class is kept, and only the annotation goes', () => {
    const text = v1('  annotations:\n    kubernetes.io/ingress.class: nginx\n    cert-manager.io/cluster-issuer: letsencrypt\n', '  ingressClassName: nginx\n');
    assert.deepEqual(fixAll(text), { text: v1('  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', '  ingressClassName: nginx\n'), manual: [] });
  });

  test('an annotation naming another class than spec.ingressClassName, or not a string, is left with the reason', () => {
    const other = v1('  annotations:\n    kubernetes.io/ingress.class: nginx\n', '  ingressClassName: traefik\n');
    assert.deepEqual(fixAll(other), { text: other, manual: [{ ruleId: 'annotation-ingress-class', reason: 'spec.ingressClassName and the annotation disagree' }] });
    const list = v1('  annotations:\n    kubernetes.io/ingress.class: [nginx]\n', '  ingressClassName: traefik\n');
    assert.deepEqual(fixAll(list), { text: list, manual: [{ ruleId: 'annotation-ingress-class', reason: 'the annotation value is not a string' }] });
  });
});

describe('Ingress v1beta1 -> v1: the class annotation', () => {
  const beta = (annotations: string, spec: string): string => `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: web
${annotations}spec:
${spec}  backend:
    serviceName: web
    servicePort: 80
`;

  test('an annotation naming another class than spec.ingressClassName stops the migration', () => {
    const text = beta('  annotations:\n    kubernetes.io/ingress.class: nginx\n', '  ingressClassName: traefik\n');
    const fix = quickFix(text, 'ingress-extensions-v1beta1');
    assert.equal(fix.kind, 'manual');
    assert.equal(fix.kind === 'manual' ? fix.reason : '', 'spec.ingressClassName and the kubernetes.io/ingress.class annotation disagree');
    assert.equal(fixAll(text).text, text);
  });

  test('an annotation that is not a string stops the migration', () => {
    const text = beta('  annotations:\n    kubernetes.io/ingress.class: [nginx]\n', '');
    const fix = quickFix(text, 'ingress-extensions-v1beta1');
    assert.equal(fix.kind === 'manual' ? fix.reason : '', 'the kubernetes.io/ingress.class annotation is not a string');
    assert.equal(fixAll(text).text, text);
  });

  test('a chart that sets spec.ingressClassName beside a templated class annotation is left with the reason', () => {
    const path = 'mychart/templates/ingress.yaml';
    const text = beta('  annotations:\n    kubernetes.io/ingress.class: {{ .Values.ingress.class | quote }}\n', '  ingressClassName: {{ .Values.ingress.className }}\n');
    const [finding] = findingsOf(text, { path }).filter((f) => f.ruleId === 'ingress-extensions-v1beta1');
    const fix = computeFix(text, finding, rules, { target: TARGET, path });
    assert.equal(fix.kind === 'manual' ? fix.reason : '', 'spec.ingressClassName is set beside a templated kubernetes.io/ingress.class annotation');
    assert.equal(fixAllText(text, rules, { target: TARGET, path }).text, text);
  });

  test('the same class in both places is kept once, in the field', () => {
    const text = beta('  annotations:\n    kubernetes.io/ingress.class: nginx\n', '  ingressClassName: nginx\n');
    assert.deepEqual(fixAll(text), {
      text: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  ingressClassName: nginx\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n',
      manual: [],
    });
  });
});

describe('Ingress v1beta1 -> v1: backends', () => {
  const withBackend = (backend: string): string => `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - http:
        paths:
          - path: /
            backend:
${backend}`;

  test('a backend with only a service name or only a port is left with the reason', () => {
    for (const backend of ['              serviceName: web\n', '              servicePort: 80\n']) {
      const text = withBackend(backend);
      assert.deepEqual(fixAll(text), { text, manual: [{ ruleId: 'ingress-extensions-v1beta1', reason: 'a backend has only one of serviceName and servicePort' }] });
    }
  });

  test('a resource backend is not a service backend and stays as it is', () => {
    const text = withBackend('              resource:\n                apiGroup: k8s.example.com\n                kind: StorageBucket\n                name: static-assets\n');
    assert.deepEqual(fixAll(text), {
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - http:
        paths:
          - path: /
            backend:
              resource:
                apiGroup: k8s.example.com
                kind: StorageBucket
                name: static-assets
            pathType: ImplementationSpecific
`,
      manual: [],
    });
  });
});

describe('Ingress v1beta1 -> v1: what the fix writes and says', () => {
  const PATHTYPE_NOTE = 'Paths without a pathType get ImplementationSpecific, which keeps the v1beta1 matching.';

  test('named ports, whatever their digits, become port.name; host rules without http and empty entries are kept', () => {
    const text = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: a.example.com
    -
    - host: b.example.com
      http:
        paths:
          - path: /
            backend:
              serviceName: web
              servicePort: http-8080
          - path: /tls
            backend:
              serviceName: web
              servicePort: 8443-tls
`;
    assert.deepEqual(fixAll(text), {
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: a.example.com
    -
    - host: b.example.com
      http:
        paths:
          - path: /
            backend:
              service:
                name: web
                port:
                  name: http-8080
            pathType: ImplementationSpecific
          - path: /tls
            backend:
              service:
                name: web
                port:
                  name: 8443-tls
            pathType: ImplementationSpecific
`,
      manual: [],
    });
    const fix = quickFix(text, 'ingress-extensions-v1beta1');
    assert.deepEqual(fix.kind === 'edit' ? fix.notes : [], [PATHTYPE_NOTE]);
  });

  test('a servicePort left empty is neither a number nor a name, so the Ingress is left to a person', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  backend:\n    serviceName: web\n    servicePort:\n';
    assert.deepEqual(fixAll(text), { text, manual: [{ ruleId: 'ingress-extensions-v1beta1', reason: 'servicePort null is neither a number nor a port name' }] });
  });

  test('the apiVersion fix alone moves the class annotation, and its note names the IngressClass', () => {
    const text = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: web
  annotations:
    kubernetes.io/ingress.class: nginx
spec:
  backend:
    serviceName: web
    servicePort: 80
`;
    const fix = quickFix(text, 'ingress-extensions-v1beta1');
    assert.deepEqual(fix.kind === 'edit' ? fix.notes : [], ['spec.ingressClassName is set from the annotation; an IngressClass named nginx must exist.', PATHTYPE_NOTE]);
    // the annotation's own fix waits for the apiVersion one, so a single pass applies only the latter
    const annotationFix = quickFix(text, 'annotation-ingress-class');
    assert.equal(annotationFix.kind === 'manual' ? annotationFix.reason : '', 'migrate the Ingress to networking.k8s.io/v1 first, which moves the class annotation to spec.ingressClassName as well');
    const onePass = fixAllText(text, rules, { target: TARGET, maxPasses: 1 });
    assert.equal(
      onePass.text,
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n  ingressClassName: nginx\n',
    );
  });

  test('a templated class name moves unchanged into the field, with a note', () => {
    const path = 'mychart/templates/ingress.yaml';
    const text = `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: web
  annotations:
    kubernetes.io/ingress.class: {{ .Values.ingress.class | quote }}
spec:
  backend:
    serviceName: web
    servicePort: 80
`;
    const [finding] = findingsOf(text, { path }).filter((f) => f.ruleId === 'ingress-networking-v1beta1');
    const fix = computeFix(text, finding, rules, { target: TARGET, path });
    assert.deepEqual(fix.kind === 'edit' ? fix.notes : [], [
      'spec.ingressClassName takes the templated class name from the annotation; an IngressClass of that name must exist.',
      PATHTYPE_NOTE,
    ]);
  });
});
