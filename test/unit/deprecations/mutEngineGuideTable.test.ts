// The official deprecated API migration guide's removals, written down here from the guide (not
// read from the rule data): for each API, what a user is told at the release that stops serving
// it, from which release the scan tells them to move to the replacement, the guide section the
// hover links to, and the apiVersion Fix All writes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { scanText } from '../../../src/core/deprecations/scanReport';
import { escapeMarkdown, hoverMarkdown } from '../../../src/core/deprecations/hoverText';
import { formatMinor, parseMinorVersion, type MinorVersion } from '../../../src/core/versions/kubeVersion';

const rules = builtinRuleSet();
const GUIDE = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

/** apiVersion, kinds, the release that stops serving it, the replacement and the release that first serves it, the guide section. */
type Row = readonly [apiVersion: string, kinds: readonly string[], removedIn: string, replacement: string | undefined, availableSince: string | undefined, anchor: string];

const REMOVALS: readonly Row[] = [
  ['flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], '1.32', 'flowcontrol.apiserver.k8s.io/v1', '1.29', 'flowcontrol-resources-v132'],
  ['flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], '1.29', 'flowcontrol.apiserver.k8s.io/v1', '1.29', 'flowcontrol-resources-v129'],
  ['storage.k8s.io/v1beta1', ['CSIStorageCapacity'], '1.27', 'storage.k8s.io/v1', '1.24', 'csistoragecapacity-v127'],
  ['flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], '1.26', 'flowcontrol.apiserver.k8s.io/v1beta2', '1.23', 'flowcontrol-resources-v126'],
  ['autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.26', 'autoscaling/v2', '1.23', 'horizontalpodautoscaler-v126'],
  ['batch/v1beta1', ['CronJob'], '1.25', 'batch/v1', '1.21', 'cronjob-v125'],
  ['discovery.k8s.io/v1beta1', ['EndpointSlice'], '1.25', 'discovery.k8s.io/v1', '1.21', 'endpointslice-v125'],
  ['events.k8s.io/v1beta1', ['Event'], '1.25', 'events.k8s.io/v1', '1.19', 'event-v125'],
  ['autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.25', 'autoscaling/v2', '1.23', 'horizontalpodautoscaler-v125'],
  ['policy/v1beta1', ['PodDisruptionBudget'], '1.25', 'policy/v1', '1.21', 'poddisruptionbudget-v125'],
  ['policy/v1beta1', ['PodSecurityPolicy'], '1.25', undefined, undefined, 'psp-v125'],
  ['node.k8s.io/v1beta1', ['RuntimeClass'], '1.25', 'node.k8s.io/v1', '1.20', 'runtimeclass-v125'],
  ['admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], '1.22', 'admissionregistration.k8s.io/v1', '1.16', 'webhook-resources-v122'],
  ['apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], '1.22', 'apiextensions.k8s.io/v1', '1.16', 'customresourcedefinition-v122'],
  ['apiregistration.k8s.io/v1beta1', ['APIService'], '1.22', 'apiregistration.k8s.io/v1', '1.10', 'apiservice-v122'],
  ['authentication.k8s.io/v1beta1', ['TokenReview'], '1.22', 'authentication.k8s.io/v1', '1.6', 'tokenreview-v122'],
  ['authorization.k8s.io/v1beta1', ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview', 'SelfSubjectRulesReview'], '1.22', 'authorization.k8s.io/v1', '1.6', 'subjectaccessreview-resources-v122'],
  ['certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], '1.22', 'certificates.k8s.io/v1', '1.19', 'certificatesigningrequest-v122'],
  ['coordination.k8s.io/v1beta1', ['Lease'], '1.22', 'coordination.k8s.io/v1', '1.14', 'lease-v122'],
  ['extensions/v1beta1', ['Ingress'], '1.22', 'networking.k8s.io/v1', '1.19', 'ingress-v122'],
  ['networking.k8s.io/v1beta1', ['Ingress'], '1.22', 'networking.k8s.io/v1', '1.19', 'ingress-v122'],
  ['networking.k8s.io/v1beta1', ['IngressClass'], '1.22', 'networking.k8s.io/v1', '1.19', 'ingressclass-v122'],
  ['rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], '1.22', 'rbac.authorization.k8s.io/v1', '1.8', 'rbac-resources-v122'],
  ['scheduling.k8s.io/v1beta1', ['PriorityClass'], '1.22', 'scheduling.k8s.io/v1', '1.14', 'priorityclass-v122'],
  ['storage.k8s.io/v1beta1', ['CSIDriver'], '1.22', 'storage.k8s.io/v1', '1.19', 'storage-resources-v122'],
  ['storage.k8s.io/v1beta1', ['CSINode'], '1.22', 'storage.k8s.io/v1', '1.17', 'storage-resources-v122'],
  ['storage.k8s.io/v1beta1', ['StorageClass'], '1.22', 'storage.k8s.io/v1', '1.6', 'storage-resources-v122'],
  ['storage.k8s.io/v1beta1', ['VolumeAttachment'], '1.22', 'storage.k8s.io/v1', '1.13', 'storage-resources-v122'],
  ['extensions/v1beta1', ['NetworkPolicy'], '1.16', 'networking.k8s.io/v1', '1.8', 'networkpolicy-v116'],
  ['extensions/v1beta1', ['PodSecurityPolicy'], '1.16', 'policy/v1beta1', '1.10', 'psp-v116'],
  ['extensions/v1beta1', ['DaemonSet'], '1.16', 'apps/v1', '1.9', 'daemonset-v116'],
  ['apps/v1beta2', ['DaemonSet'], '1.16', 'apps/v1', '1.9', 'daemonset-v116'],
  ['extensions/v1beta1', ['Deployment'], '1.16', 'apps/v1', '1.9', 'deployment-v116'],
  ['apps/v1beta1', ['Deployment'], '1.16', 'apps/v1', '1.9', 'deployment-v116'],
  ['apps/v1beta2', ['Deployment'], '1.16', 'apps/v1', '1.9', 'deployment-v116'],
  ['apps/v1beta1', ['StatefulSet'], '1.16', 'apps/v1', '1.9', 'statefulset-v116'],
  ['apps/v1beta2', ['StatefulSet'], '1.16', 'apps/v1', '1.9', 'statefulset-v116'],
  ['extensions/v1beta1', ['ReplicaSet'], '1.16', 'apps/v1', '1.9', 'replicaset-v116'],
  ['apps/v1beta2', ['ReplicaSet'], '1.16', 'apps/v1', '1.9', 'replicaset-v116'],
];

/**
 * Where a removal's advice is not its guide replacement: an API served at the removal that leads to
 * the same final API and is not deprecated there (flowcontrol v1beta3 is served from 1.26).
 */
const ADVICE_AT_REMOVAL: Readonly<Record<string, string>> = {
  'flowcontrol.apiserver.k8s.io/v1beta1': 'flowcontrol.apiserver.k8s.io/v1beta3',
};

function minor(version: string, delta = 0): MinorVersion {
  const parsed = parseMinorVersion(version);
  assert.ok(parsed, version);
  return { major: parsed.major, minor: parsed.minor + delta };
}

function manifest(apiVersion: string, kind: string): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: example\n`;
}

function apiFinding(apiVersion: string, kind: string, target: MinorVersion, includeUpcoming = false): ReturnType<typeof scanText>['findings'][number] | undefined {
  const findings = scanText('manifest.yaml', manifest(apiVersion, kind), rules, { target, includeUpcoming }).findings.filter((f) => f.subject === 'api');
  assert.ok(findings.length <= 1, `${apiVersion} ${kind}: ${findings.map((f) => f.ruleId).join()}`);
  return findings[0];
}

describe('the deprecation guide\'s removals', () => {
  for (const [apiVersion, kinds, removedIn, replacement, availableSince, anchor] of REMOVALS) {
    for (const kind of kinds) {
      test(`${apiVersion} ${kind}`, () => {
        const atRemoval = apiFinding(apiVersion, kind, minor(removedIn));
        assert.ok(atRemoval, 'reported at its removal');
        assert.equal(atRemoval.status, 'removed');
        const advice = ADVICE_AT_REMOVAL[apiVersion] ?? replacement;
        assert.ok(atRemoval.message.startsWith(`${apiVersion} ${kind} is no longer served since Kubernetes ${removedIn}${advice ? `; use ${advice} instead` : '; there is no replacement API.'}`), atRemoval.message);
        assert.notEqual(apiFinding(apiVersion, kind, minor(removedIn, -1), true)?.status, 'removed', 'still served the release before');

        // the hover links to the guide's section and lists what changes, one sentence each
        const hover = hoverMarkdown(atRemoval, removedIn).split('\n');
        assert.equal(hover[0], `**Removed** at target Kubernetes ${escapeMarkdown(removedIn)} · [Migration guide](${GUIDE}#${anchor})`);
        const notes = hover.slice(hover.indexOf('What changes:') + 1, hover.indexOf('', hover.indexOf('What changes:')));
        assert.ok(hover.includes('What changes:') && notes.length > 0, hover.join('\n'));
        for (const note of notes) {
          assert.match(note.replace(/\\(.)/g, '$1'), /^- [A-Za-z].{20,}[.)]$/, `${apiVersion} ${kind}: ${note}`);
        }

        if (replacement === undefined || availableSince === undefined) {
          assert.match(hover.join('\n'), /no replacement API/);
          return;
        }
        // told to move from the release that first serves the replacement, not before
        const moveTo = `use ${replacement} instead`;
        const before = apiFinding(apiVersion, kind, minor(availableSince, -1), true);
        assert.ok(before, `reported before ${availableSince}`);
        assert.ok(!before.message.includes(moveTo), before.message);
        const from = apiFinding(apiVersion, kind, minor(availableSince), true);
        assert.ok(from, `reported from ${availableSince}`);
        assert.ok(from.message.includes(moveTo), from.message);
        assert.ok(hoverMarkdown(from, availableSince).includes(`replacement: ${escapeMarkdown(replacement)} (served since ${escapeMarkdown(availableSince)})`), hoverMarkdown(from, availableSince));

        // Fix All at the removal writes the advised apiVersion, or leaves the object to a person
        const fixed = fixAllText(manifest(apiVersion, kind), rules, { target: minor(removedIn), path: 'manifest.yaml' });
        if (fixed.manual.length === 0) {
          assert.match(fixed.text, new RegExp(`^apiVersion: ${(advice ?? '').replace(/[./]/g, '\\$&')}\\n`), fixed.text);
        }
      });
    }
  }

  test('Fix All can move most of them by itself', () => {
    let moved = 0;
    for (const [apiVersion, kinds, removedIn] of REMOVALS) {
      for (const kind of kinds) {
        const fixed = fixAllText(manifest(apiVersion, kind), rules, { target: minor(removedIn), path: 'manifest.yaml' });
        if (fixed.manual.length === 0 && !fixed.text.startsWith(`apiVersion: ${apiVersion}\n`)) moved++;
      }
    }
    assert.ok(moved >= 30, `${moved} moved`);
  });

  test(`every removal ${formatMinor(minor('1.16'))} and later that the rule data knows and the guide has a section for is listed here`, () => {
    const listed = new Set(REMOVALS.flatMap(([apiVersion, kinds]) => kinds.map((k) => `${apiVersion} ${k}`)));
    const unlisted = rules.apiRules
      .filter((r) => r.removedIn !== undefined && r.link.startsWith(GUIDE))
      .flatMap((r) => r.kinds.map((k) => `${r.group}/${r.version} ${k}`))
      .filter((key) => !listed.has(key));
    // apps/v1beta1 ReplicaSet never existed upstream, though the guide names it; rbac v1alpha1
    // went in 1.22 with v1beta1, whose section it links to
    assert.deepEqual(unlisted, ['apps/v1beta1 ReplicaSet', ...['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].map((k) => `rbac.authorization.k8s.io/v1alpha1 ${k}`)]);
  });
});
