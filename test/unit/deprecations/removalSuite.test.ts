import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import type { Finding } from '../../../src/core/deprecations/findings';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { covered, findingsOf } from './analyzeHelpers';
import { fixture } from './fixturePaths';

/*
 * Every removal from 1.16 to the newest announced one, checked at every target version, as the
 * peers' suites do (pluto's e2e assets, kube-no-trouble's per-release fixtures): the same objects
 * as a YAML stream, inside a kind: List, as a JSON List (also with escaped slashes), and in a
 * Helm chart. The expected versions are written here by hand from the k8s.io/api lifecycle
 * markers, the deprecation guide and the release notes, not read from the rule data.
 */

type Row = readonly [apiVersion: string, kind: string, deprecatedIn: number, removedIn: number];

const FILES: Readonly<Record<string, readonly Row[]>> = {
  'removals/removed-1.16.yaml': [
    ['extensions/v1beta1', 'NetworkPolicy', 9, 16],
    ['extensions/v1beta1', 'DaemonSet', 8, 16],
    ['apps/v1beta2', 'DaemonSet', 9, 16],
    ['extensions/v1beta1', 'Deployment', 8, 16],
    ['apps/v1beta1', 'Deployment', 8, 16],
    ['apps/v1beta2', 'Deployment', 9, 16],
    ['apps/v1beta1', 'StatefulSet', 8, 16],
    ['apps/v1beta2', 'StatefulSet', 9, 16],
    ['extensions/v1beta1', 'ReplicaSet', 8, 16],
    ['apps/v1beta2', 'ReplicaSet', 9, 16],
    ['extensions/v1beta1', 'PodSecurityPolicy', 11, 16],
  ],
  'removals/removed-1.22.yaml': [
    ['admissionregistration.k8s.io/v1beta1', 'MutatingWebhookConfiguration', 16, 22],
    ['admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration', 16, 22],
    ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', 16, 22],
    ['apiregistration.k8s.io/v1beta1', 'APIService', 19, 22],
    ['authentication.k8s.io/v1beta1', 'TokenReview', 19, 22],
    ['authorization.k8s.io/v1beta1', 'SubjectAccessReview', 19, 22],
    ['authorization.k8s.io/v1beta1', 'LocalSubjectAccessReview', 19, 22],
    ['authorization.k8s.io/v1beta1', 'SelfSubjectAccessReview', 19, 22],
    ['authorization.k8s.io/v1beta1', 'SelfSubjectRulesReview', 19, 22],
    ['certificates.k8s.io/v1beta1', 'CertificateSigningRequest', 19, 22],
    ['coordination.k8s.io/v1beta1', 'Lease', 19, 22],
    ['extensions/v1beta1', 'Ingress', 14, 22],
    ['networking.k8s.io/v1beta1', 'Ingress', 19, 22],
    ['networking.k8s.io/v1beta1', 'IngressClass', 19, 22],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole', 17, 22],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRoleBinding', 17, 22],
    ['rbac.authorization.k8s.io/v1beta1', 'Role', 17, 22],
    ['rbac.authorization.k8s.io/v1alpha1', 'RoleBinding', 17, 22],
    ['scheduling.k8s.io/v1beta1', 'PriorityClass', 14, 22],
    ['storage.k8s.io/v1beta1', 'CSIDriver', 19, 22],
    ['storage.k8s.io/v1beta1', 'CSINode', 17, 22],
    ['storage.k8s.io/v1beta1', 'StorageClass', 19, 22],
    ['storage.k8s.io/v1beta1', 'VolumeAttachment', 19, 22],
  ],
  'removals/removed-1.24.yaml': [
    ['audit.k8s.io/v1beta1', 'Policy', 13, 24],
    ['audit.k8s.io/v1alpha1', 'Policy', 13, 24],
    ['snapshot.storage.k8s.io/v1beta1', 'VolumeSnapshotClass', 20, 24],
    ['snapshot.storage.k8s.io/v1beta1', 'VolumeSnapshot', 20, 24],
    ['snapshot.storage.k8s.io/v1beta1', 'VolumeSnapshotContent', 20, 24],
  ],
  'removals/removed-1.25.yaml': [
    ['batch/v1beta1', 'CronJob', 21, 25],
    ['discovery.k8s.io/v1beta1', 'EndpointSlice', 21, 25],
    ['events.k8s.io/v1beta1', 'Event', 22, 25],
    ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', 22, 25],
    ['policy/v1beta1', 'PodDisruptionBudget', 21, 25],
    ['policy/v1beta1', 'PodSecurityPolicy', 21, 25],
    ['node.k8s.io/v1beta1', 'RuntimeClass', 22, 25],
  ],
  'removals/removed-1.26-to-1.32.yaml': [
    ['flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', 23, 26],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 23, 26],
    ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', 24, 27],
    ['flowcontrol.apiserver.k8s.io/v1beta2', 'PriorityLevelConfiguration', 26, 29],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 29, 32],
    ['admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicy', 29, 32],
  ],
  'removals/removed-1.34-and-later.yaml': [
    ['admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicyBinding', 31, 34],
    ['storage.k8s.io/v1alpha1', 'VolumeAttributesClass', 32, 35],
    ['storage.k8s.io/v1beta1', 'VolumeAttributesClass', 34, 37],
    ['resource.k8s.io/v1beta1', 'ResourceClaimTemplate', 35, 38],
    ['resource.k8s.io/v1beta2', 'DeviceClass', 36, 39],
  ],
};

const FIRST_TARGET = 16;
const NEWEST_TARGET = 39;
const TARGETS = Array.from({ length: NEWEST_TARGET - FIRST_TARGET + 2 }, (_, i) => FIRST_TARGET + i);
const at = (minor: number): { major: number; minor: number } => ({ major: 1, minor });

function expected(rows: readonly Row[], minor: number): string[] {
  return rows.flatMap(([apiVersion, kind, deprecated, removed]) =>
    minor >= removed ? [`${apiVersion} ${kind} removed`] : minor >= deprecated ? [`${apiVersion} ${kind} deprecated`] : [],
  );
}

function apiFindings(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.subject === 'api').map((f) => `${f.apiVersion} ${f.objectKind} ${f.status}`);
}

function objectsOf(text: string): unknown[] {
  return parseAllDocuments(text).map((doc) => doc.toJS() as unknown);
}

function asYamlList(text: string): string {
  return stringify({ apiVersion: 'v1', kind: 'List', items: objectsOf(text) });
}

function asJsonList(text: string, escapeSlashes = false): string {
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objectsOf(text) }, null, 2);
  return escapeSlashes ? json.replace(/\//g, '\\/') : json;
}

describe('every removal from 1.16 to the newest, at every target', () => {
  for (const [file, rows] of Object.entries(FILES)) {
    const text = fixture(file);
    test(`${file} as a YAML stream`, () => {
      for (const minor of TARGETS) {
        const findings = findingsOf(text, { path: file }, at(minor));
        assert.deepEqual(apiFindings(findings), expected(rows, minor), `target 1.${minor}`);
        for (const finding of findings.filter((f) => f.subject === 'api')) {
          assert.equal(covered(text, finding), finding.apiVersion, `${file} 1.${minor}: the range is the apiVersion value`);
        }
      }
    });

    test(`${file} inside a kind: List`, () => {
      const list = asYamlList(text);
      for (const minor of TARGETS) {
        assert.deepEqual(apiFindings(findingsOf(list, {}, at(minor))), expected(rows, minor), `target 1.${minor}`);
      }
    });

    test(`${file} as a JSON List, plain and with escaped slashes`, () => {
      for (const json of [asJsonList(text), asJsonList(text, true)]) {
        for (const minor of TARGETS) {
          assert.deepEqual(apiFindings(findingsOf(json, { path: 'list.json' }, at(minor))), expected(rows, minor), `target 1.${minor}`);
        }
      }
    });
  }

  test('the rows above cover every API removal the rule data knows of', () => {
    const listed = new Set(Object.values(FILES).flatMap((rows) => rows.map(([apiVersion, kind]) => `${apiVersion} ${kind}`)));
    const rules = builtinRuleSet();
    const unlisted = rules.apiRules.filter((r) => r.removedIn !== undefined && r.source === undefined).filter((r) => !r.kinds.some((k) => listed.has(`${r.group}/${r.version} ${k}`)));
    // apps/v1beta1 ReplicaSet never existed upstream; the guide still names it
    assert.deepEqual(unlisted.map((r) => r.id), ['replicaset-apps-v1beta1']);
  });

  test('after Fix All at the newest target, only changes that need a person are left', () => {
    const rules = builtinRuleSet();
    for (const file of Object.keys(FILES)) {
      const result = fixAllText(fixture(file), rules, { target: at(NEWEST_TARGET), path: file });
      const left = findingsOf(result.text, { path: file }, at(NEWEST_TARGET)).filter((f) => f.subject === 'api');
      assert.equal(left.length, result.manual.length, `${file}: ${left.map((f) => f.ruleId).join(', ')}`);
    }
  });
});

describe('a Helm chart with old APIs and templated values', () => {
  const chart = (name: string): [string, string] => [`helm/legacy-chart/templates/${name}`, fixture(`helm/legacy-chart/templates/${name}`)];

  test('each template is checked at every target, and the harmless master toleration is not reported', () => {
    const expectations: Record<string, readonly Row[]> = {
      'deployment.yaml': [['extensions/v1beta1', 'Deployment', 8, 16]],
      'ingress.yaml': [['networking.k8s.io/v1beta1', 'Ingress', 19, 22]],
      'hpa.yaml': [['autoscaling/v2beta1', 'HorizontalPodAutoscaler', 22, 25]],
      'cronjob.yaml': [['batch/v1beta1', 'CronJob', 21, 25]],
    };
    for (const [name, rows] of Object.entries(expectations)) {
      const [path, text] = chart(name);
      for (const minor of TARGETS) {
        const findings = findingsOf(text, { path }, at(minor));
        assert.deepEqual(apiFindings(findings), expected(rows, minor), `${name} at 1.${minor}`);
        if (name === 'cronjob.yaml') {
          assert.deepEqual(findings.filter((f) => f.subject !== 'api'), [], 'master beside control-plane is harmless');
        }
      }
    }
    const [hpaPath, hpa] = chart('hpa.yaml');
    assert.deepEqual(findingsOf(hpa, { path: hpaPath }, at(16)).filter((f) => f.subject === 'field').map((f) => f.ruleId), ['scale-target-ref-deployment-extensions-v1beta1-deployment']);
  });

  test('Fix All migrates every template and leaves each template action as written', () => {
    const rules = builtinRuleSet();
    for (const name of ['deployment.yaml', 'ingress.yaml', 'hpa.yaml', 'cronjob.yaml']) {
      const [path, text] = chart(name);
      const result = fixAllText(text, rules, { target: at(33), path });
      assert.deepEqual(result.manual, [], name);
      assert.deepEqual(findingsOf(result.text, { path }, at(33)), [], name);
      const actions = (t: string): string[] => (t.match(/\{\{[^}]*\}\}/g) ?? []).sort();
      const selectorCopies = name === 'deployment.yaml' ? ['{{ .Release.Name }}'] : [];
      assert.deepEqual(actions(result.text), [...actions(text), ...selectorCopies].sort(), name);
    }
  });
});
