import { apiVersionOf, type ApiRule, type FieldRule } from './ruleTypes';

/*
 * Reviewed rule data. Versions are Kubernetes minors. Each row's `basis` says where its versions
 * come from (see RuleBasis): for built-in APIs, introduced/deprecated/removed are the
 * `+k8s:prerelease-lifecycle-gen` markers of k8s.io/api, and removals, replacements and
 * "available since" agree with the official deprecated API migration guide where it has a
 * section. APIs outside k8s.io/api (CRDs, apiextensions, apiregistration, audit) take theirs
 * from the release notes or the owning project. API rules covered by the guide link to its
 * section; test/unit/deprecations checks the data for consistency.
 */

/** The newest Kubernetes minor the data was checked against (k8s.io/api markers of that release). */
export const RULE_DATA_RELEASE = '1.37';

export const DEPRECATION_GUIDE_URL = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

function guide(anchor: string): string {
  return `${DEPRECATION_GUIDE_URL}#${anchor}`;
}

const VAP_DOC = 'https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/';
const VAC_DOC = 'https://kubernetes.io/docs/concepts/storage/volume-attributes-classes/';
const DRA_DOC = 'https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/';

const SELECTOR_REQUIRED = 'spec.selector is required and cannot change after creation; copy the pod template labels into spec.selector.matchLabels so existing pods stay selected.';

export const BUILTIN_API_RULES: readonly ApiRule[] = [
  // Removed in 1.16
  {
    id: 'networkpolicy-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['NetworkPolicy'], introducedIn: '1.3', basis: ['markers', 'guide'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'networking.k8s.io/v1', availableSince: '1.8' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('networkpolicy-v116'),
  },
  {
    id: 'daemonset-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['DaemonSet'], introducedIn: '1.1', basis: ['markers', 'guide'],
    deprecatedIn: '1.8', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED, 'spec.templateGeneration no longer exists.', 'spec.updateStrategy.type defaults to RollingUpdate instead of OnDelete; the fix pins OnDelete when no strategy was set.'],
    link: guide('daemonset-v116'),
  },
  {
    id: 'daemonset-apps-v1beta2', group: 'apps', version: 'v1beta2', kinds: ['DaemonSet'], introducedIn: '1.8', basis: ['markers', 'guide'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED, 'spec.templateGeneration no longer exists.'], link: guide('daemonset-v116'),
  },
  {
    id: 'deployment-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['Deployment'], introducedIn: '1.1', basis: ['markers', 'guide'],
    deprecatedIn: '1.8', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED, 'spec.rollbackTo no longer exists.', 'Defaults change: progressDeadlineSeconds becomes 600 (was none), revisionHistoryLimit becomes 10 (all revisions were kept), maxSurge and maxUnavailable become 25% (were 1).'],
    link: guide('deployment-v116'),
  },
  {
    id: 'deployment-apps-v1beta1', group: 'apps', version: 'v1beta1', kinds: ['Deployment'], introducedIn: '1.6', basis: ['markers', 'guide'],
    deprecatedIn: '1.8', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED, 'spec.rollbackTo no longer exists.', 'revisionHistoryLimit defaults to 10 instead of 2.'],
    link: guide('deployment-v116'),
  },
  {
    id: 'deployment-apps-v1beta2', group: 'apps', version: 'v1beta2', kinds: ['Deployment'], introducedIn: '1.8', basis: ['markers', 'guide'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED], link: guide('deployment-v116'),
  },
  {
    id: 'statefulset-apps-v1beta1', group: 'apps', version: 'v1beta1', kinds: ['StatefulSet'], introducedIn: '1.5', basis: ['markers', 'guide'],
    deprecatedIn: '1.8', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED, 'spec.updateStrategy.type defaults to RollingUpdate instead of OnDelete; the fix pins OnDelete when no strategy was set.'],
    link: guide('statefulset-v116'),
  },
  {
    id: 'statefulset-apps-v1beta2', group: 'apps', version: 'v1beta2', kinds: ['StatefulSet'], introducedIn: '1.8', basis: ['markers', 'guide'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED], link: guide('statefulset-v116'),
  },
  {
    id: 'replicaset-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['ReplicaSet'], introducedIn: '1.2', basis: ['markers', 'guide'],
    deprecatedIn: '1.8', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED], link: guide('replicaset-v116'),
  },
  {
    id: 'replicaset-apps-v1beta1', group: 'apps', version: 'v1beta1', kinds: ['ReplicaSet'], basis: ['guide'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED], link: guide('replicaset-v116'),
  },
  {
    id: 'replicaset-apps-v1beta2', group: 'apps', version: 'v1beta2', kinds: ['ReplicaSet'], introducedIn: '1.8', basis: ['markers', 'guide'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED], link: guide('replicaset-v116'),
  },
  {
    id: 'podsecuritypolicy-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['PodSecurityPolicy'], introducedIn: '1.2', basis: ['markers', 'guide'],
    deprecatedIn: '1.11', removedIn: '1.16', replacement: { apiVersion: 'policy/v1beta1', availableSince: '1.10' },
    changes: ['policy/v1beta1 PodSecurityPolicy is itself removed in 1.25; plan a move to Pod Security Admission.'],
    link: guide('psp-v116'),
  },
  // Removed in 1.22
  {
    id: 'webhook-admissionregistration-v1beta1', group: 'admissionregistration.k8s.io', version: 'v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], introducedIn: '1.9', basis: ['markers', 'guide'],
    deprecatedIn: '1.16', removedIn: '1.22', replacement: { apiVersion: 'admissionregistration.k8s.io/v1', availableSince: '1.16' },
    changes: [
      'webhooks[*].sideEffects is required and must be None or NoneOnDryRun.',
      'webhooks[*].admissionReviewVersions is required (v1beta1 assumed v1beta1); the fix sets it to the old default.',
      'Defaults change: failurePolicy Ignore becomes Fail, matchPolicy Exact becomes Equivalent, timeoutSeconds 30 becomes 10; the fix pins the old values when they were not set.',
      'webhooks[*].name must be unique within the object.',
    ],
    link: guide('webhook-resources-v122'),
  },
  {
    id: 'crd-apiextensions-v1beta1', group: 'apiextensions.k8s.io', version: 'v1beta1', kinds: ['CustomResourceDefinition'], introducedIn: '1.7', basis: ['guide', 'release-notes'],
    deprecatedIn: '1.16', removedIn: '1.22', replacement: { apiVersion: 'apiextensions.k8s.io/v1', availableSince: '1.16' },
    changes: [
      'spec.scope has no default any more (it was Namespaced).',
      'spec.version, spec.validation, spec.subresources and spec.additionalPrinterColumns move into each entry of spec.versions; JSONPath becomes jsonPath.',
      'Every version needs a structural schema in schema.openAPIV3Schema.',
      'spec.preserveUnknownFields: true is not allowed; use x-kubernetes-preserve-unknown-fields: true in the schema.',
      'spec.conversion.webhookClientConfig and conversionReviewVersions move under spec.conversion.webhook.',
    ],
    link: guide('customresourcedefinition-v122'),
  },
  {
    id: 'apiservice-apiregistration-v1beta1', group: 'apiregistration.k8s.io', version: 'v1beta1', kinds: ['APIService'], introducedIn: '1.7', basis: ['guide', 'release-notes'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'apiregistration.k8s.io/v1', availableSince: '1.10' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('apiservice-v122'),
  },
  {
    id: 'tokenreview-authentication-v1beta1', group: 'authentication.k8s.io', version: 'v1beta1', kinds: ['TokenReview'], introducedIn: '1.4', basis: ['markers', 'guide'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'authentication.k8s.io/v1', availableSince: '1.6' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('tokenreview-v122'),
  },
  {
    id: 'subjectaccessreview-authorization-v1beta1', group: 'authorization.k8s.io', version: 'v1beta1',
    kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'], introducedIn: '1.2', basis: ['markers', 'guide'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'authorization.k8s.io/v1', availableSince: '1.6' },
    changes: ['In the access reviews, spec.group is renamed to spec.groups; SelfSubjectRulesReview is unchanged.'], link: guide('subjectaccessreview-resources-v122'),
  },
  {
    id: 'csr-certificates-v1beta1', group: 'certificates.k8s.io', version: 'v1beta1', kinds: ['CertificateSigningRequest'], introducedIn: '1.12', basis: ['markers', 'guide'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'certificates.k8s.io/v1', availableSince: '1.19' },
    changes: ['spec.signerName is required and kubernetes.io/legacy-unknown is refused.', 'spec.usages is required, without duplicates, and only known usages.'],
    link: guide('certificatesigningrequest-v122'),
  },
  {
    id: 'lease-coordination-v1beta1', group: 'coordination.k8s.io', version: 'v1beta1', kinds: ['Lease'], introducedIn: '1.12', basis: ['markers', 'guide'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'coordination.k8s.io/v1', availableSince: '1.14' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('lease-v122'),
  },
  {
    id: 'ingress-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['Ingress'], introducedIn: '1.1', basis: ['markers', 'guide'],
    deprecatedIn: '1.14', removedIn: '1.22', replacement: { apiVersion: 'networking.k8s.io/v1', availableSince: '1.19' },
    changes: [
      'spec.backend becomes spec.defaultBackend.',
      'A backend serviceName becomes service.name; a numeric servicePort becomes service.port.number, a named one service.port.name.',
      'Every path needs a pathType; ImplementationSpecific keeps the old behaviour.',
    ],
    link: guide('ingress-v122'),
  },
  {
    id: 'ingress-networking-v1beta1', group: 'networking.k8s.io', version: 'v1beta1', kinds: ['Ingress'], introducedIn: '1.14', basis: ['markers', 'guide'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'networking.k8s.io/v1', availableSince: '1.19' },
    changes: [
      'spec.backend becomes spec.defaultBackend.',
      'A backend serviceName becomes service.name; a numeric servicePort becomes service.port.number, a named one service.port.name.',
      'Every path needs a pathType; ImplementationSpecific keeps the old behaviour.',
    ],
    link: guide('ingress-v122'),
  },
  {
    id: 'ingressclass-networking-v1beta1', group: 'networking.k8s.io', version: 'v1beta1', kinds: ['IngressClass'], introducedIn: '1.18', basis: ['markers', 'guide'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'networking.k8s.io/v1', availableSince: '1.19' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('ingressclass-v122'),
  },
  {
    id: 'rbac-v1beta1', group: 'rbac.authorization.k8s.io', version: 'v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], introducedIn: '1.6', basis: ['markers', 'guide'],
    deprecatedIn: '1.17', removedIn: '1.22', replacement: { apiVersion: 'rbac.authorization.k8s.io/v1', availableSince: '1.8' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('rbac-resources-v122'),
  },
  {
    id: 'rbac-v1alpha1', group: 'rbac.authorization.k8s.io', version: 'v1alpha1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], basis: ['guide', 'release-notes'],
    deprecatedIn: '1.17', removedIn: '1.22', replacement: { apiVersion: 'rbac.authorization.k8s.io/v1', availableSince: '1.8' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('rbac-resources-v122'),
  },
  {
    id: 'priorityclass-scheduling-v1beta1', group: 'scheduling.k8s.io', version: 'v1beta1', kinds: ['PriorityClass'], introducedIn: '1.11', basis: ['markers', 'guide'],
    deprecatedIn: '1.14', removedIn: '1.22', replacement: { apiVersion: 'scheduling.k8s.io/v1', availableSince: '1.14' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('priorityclass-v122'),
  },
  {
    id: 'csidriver-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['CSIDriver'], introducedIn: '1.14', basis: ['markers', 'guide'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.19' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('storage-resources-v122'),
  },
  {
    id: 'csinode-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['CSINode'], introducedIn: '1.14', basis: ['markers', 'guide'],
    deprecatedIn: '1.17', removedIn: '1.22', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.17' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('storage-resources-v122'),
  },
  {
    id: 'storageclass-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['StorageClass'], introducedIn: '1.4', basis: ['markers', 'guide'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.6' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('storage-resources-v122'),
  },
  {
    id: 'volumeattachment-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['VolumeAttachment'], introducedIn: '1.10', basis: ['markers', 'guide'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.13' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('storage-resources-v122'),
  },
  // Removed in 1.24
  {
    id: 'audit-policy-v1alpha1', group: 'audit.k8s.io', version: 'v1alpha1', kinds: ['Policy'], basis: ['release-notes'],
    deprecatedIn: '1.13', removedIn: '1.24', replacement: { apiVersion: 'audit.k8s.io/v1', availableSince: '1.13' },
    changes: ['The audit policy file of kube-apiserver (--audit-policy-file) must use audit.k8s.io/v1; the policy rules keep their shape.'],
    link: 'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/',
  },
  {
    id: 'audit-policy-v1beta1', group: 'audit.k8s.io', version: 'v1beta1', kinds: ['Policy'], basis: ['release-notes'],
    deprecatedIn: '1.13', removedIn: '1.24', replacement: { apiVersion: 'audit.k8s.io/v1', availableSince: '1.13' },
    changes: ['The audit policy file of kube-apiserver (--audit-policy-file) must use audit.k8s.io/v1; the policy rules keep their shape.'],
    link: 'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/',
  },
  {
    // a CRD of kubernetes-csi/external-snapshotter: v1beta1 deprecated when v1 went GA with Kubernetes 1.20
    id: 'volumesnapshot-snapshot-v1beta1', group: 'snapshot.storage.k8s.io', version: 'v1beta1',
    kinds: ['VolumeSnapshot', 'VolumeSnapshotClass', 'VolumeSnapshotContent'], introducedIn: '1.17', basis: ['project'],
    deprecatedIn: '1.20', removedIn: '1.24', replacement: { apiVersion: 'snapshot.storage.k8s.io/v1', availableSince: '1.20' },
    changes: ['The snapshot CRDs and controller of your cluster decide which versions are served; external-snapshotter 4.x and later serve v1, and newer releases stop serving v1beta1.', 'v1 validates more strictly: a VolumeSnapshot needs exactly one source.'],
    link: 'https://kubernetes.io/docs/concepts/storage/volume-snapshots/',
  },
  // Removed in 1.25
  {
    id: 'cronjob-batch-v1beta1', group: 'batch', version: 'v1beta1', kinds: ['CronJob'], introducedIn: '1.8', basis: ['markers', 'guide'],
    deprecatedIn: '1.21', removedIn: '1.25', replacement: { apiVersion: 'batch/v1', availableSince: '1.21' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('cronjob-v125'),
  },
  {
    id: 'endpointslice-discovery-v1beta1', group: 'discovery.k8s.io', version: 'v1beta1', kinds: ['EndpointSlice'], introducedIn: '1.16', basis: ['markers', 'guide'],
    deprecatedIn: '1.21', removedIn: '1.25', replacement: { apiVersion: 'discovery.k8s.io/v1', availableSince: '1.21' },
    changes: ['Use each endpoint\'s nodeName instead of topology["kubernetes.io/hostname"] and zone instead of topology["topology.kubernetes.io/zone"].', 'topology becomes deprecatedTopology, which cannot be written in v1.'],
    link: guide('endpointslice-v125'),
  },
  {
    id: 'event-events-v1beta1', group: 'events.k8s.io', version: 'v1beta1', kinds: ['Event'], introducedIn: '1.8', basis: ['markers', 'guide'],
    deprecatedIn: '1.22', removedIn: '1.25', replacement: { apiVersion: 'events.k8s.io/v1', availableSince: '1.19' },
    changes: ['type only accepts Normal and Warning.', 'involvedObject becomes regarding.', 'action, reason, reportingController and reportingInstance are required for new events.', 'firstTimestamp, lastTimestamp, count and source move to eventTime and series, and their old names cannot be set on new events.'],
    link: guide('event-v125'),
  },
  {
    id: 'hpa-autoscaling-v2beta1', group: 'autoscaling', version: 'v2beta1', kinds: ['HorizontalPodAutoscaler'], introducedIn: '1.8', basis: ['markers', 'guide'],
    deprecatedIn: '1.22', removedIn: '1.25', replacement: { apiVersion: 'autoscaling/v2', availableSince: '1.23' },
    changes: ['Metric targets move into a target object: targetAverageUtilization becomes target.averageUtilization with target.type Utilization, targetAverageValue becomes target.averageValue (AverageValue), targetValue becomes target.value (Value).', 'metricName and selectors move into a metric object; an Object metric\'s target becomes describedObject.'],
    link: guide('horizontalpodautoscaler-v125'),
  },
  {
    id: 'pdb-policy-v1beta1', group: 'policy', version: 'v1beta1', kinds: ['PodDisruptionBudget'], introducedIn: '1.5', basis: ['markers', 'guide'],
    deprecatedIn: '1.21', removedIn: '1.25', replacement: { apiVersion: 'policy/v1', availableSince: '1.21' },
    changes: ['An empty spec.selector ({}) selected no pods in v1beta1 but selects every pod of the namespace in v1; an absent selector selects none in both.'],
    link: guide('poddisruptionbudget-v125'),
  },
  {
    id: 'podsecuritypolicy-policy-v1beta1', group: 'policy', version: 'v1beta1', kinds: ['PodSecurityPolicy'], introducedIn: '1.10', basis: ['markers', 'guide'],
    deprecatedIn: '1.21', removedIn: '1.25',
    changes: ['There is no replacement API: PodSecurityPolicy and its admission controller are gone. Use Pod Security Admission (namespace labels) or a third-party admission webhook.'],
    link: guide('psp-v125'),
  },
  {
    id: 'runtimeclass-node-v1beta1', group: 'node.k8s.io', version: 'v1beta1', kinds: ['RuntimeClass'], introducedIn: '1.13', basis: ['markers', 'guide'],
    deprecatedIn: '1.22', removedIn: '1.25', replacement: { apiVersion: 'node.k8s.io/v1', availableSince: '1.20' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('runtimeclass-v125'),
  },
  // Removed in 1.26
  {
    id: 'flowcontrol-v1beta1', group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], introducedIn: '1.20', basis: ['markers', 'guide'],
    deprecatedIn: '1.23', removedIn: '1.26', replacement: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', availableSince: '1.23' },
    changes: ['The schema is unchanged in v1beta2; v1beta2 itself is removed in 1.29.'], link: guide('flowcontrol-resources-v126'),
  },
  {
    id: 'hpa-autoscaling-v2beta2', group: 'autoscaling', version: 'v2beta2', kinds: ['HorizontalPodAutoscaler'], introducedIn: '1.12', basis: ['markers', 'guide'],
    deprecatedIn: '1.23', removedIn: '1.26', replacement: { apiVersion: 'autoscaling/v2', availableSince: '1.23' },
    changes: ['The schema is the same as autoscaling/v2; only apiVersion changes.'], link: guide('horizontalpodautoscaler-v126'),
  },
  // Removed in 1.27
  {
    id: 'csistoragecapacity-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['CSIStorageCapacity'], introducedIn: '1.21', basis: ['markers', 'guide'],
    deprecatedIn: '1.24', removedIn: '1.27', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.24' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('csistoragecapacity-v127'),
  },
  // Removed in 1.29
  {
    id: 'flowcontrol-v1beta2', group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], introducedIn: '1.23', basis: ['markers', 'guide'],
    deprecatedIn: '1.26', removedIn: '1.29', replacement: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', availableSince: '1.29' },
    changes: ['PriorityLevelConfiguration spec.limited.assuredConcurrencyShares is renamed nominalConcurrencyShares; in v1 it defaults to 30 only when unset, and an explicit 0 stays 0.', 'flowcontrol.apiserver.k8s.io/v1beta3 (from 1.26) is an alternative for older clusters.'],
    link: guide('flowcontrol-resources-v129'),
  },
  // Removed in 1.32
  {
    id: 'flowcontrol-v1beta3', group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], introducedIn: '1.26', basis: ['markers', 'guide'],
    deprecatedIn: '1.29', removedIn: '1.32', replacement: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', availableSince: '1.29' },
    changes: ['PriorityLevelConfiguration spec.limited.nominalConcurrencyShares defaults to 30 only when unset; an explicit 0 is no longer turned into 30.'],
    link: guide('flowcontrol-resources-v132'),
  },
  {
    id: 'validatingadmissionpolicy-v1alpha1', group: 'admissionregistration.k8s.io', version: 'v1alpha1',
    kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], introducedIn: '1.26', basis: ['markers'],
    deprecatedIn: '1.29', removedIn: '1.32', replacement: { apiVersion: 'admissionregistration.k8s.io/v1', availableSince: '1.30' },
    changes: ['An alpha API, served only when enabled; check the policy against the v1 schema (fields added since alpha have defaults) and change apiVersion.'],
    link: VAP_DOC,
  },
  // Removed in 1.34
  {
    id: 'validatingadmissionpolicy-v1beta1', group: 'admissionregistration.k8s.io', version: 'v1beta1',
    kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], introducedIn: '1.28', basis: ['markers'],
    deprecatedIn: '1.31', removedIn: '1.34', replacement: { apiVersion: 'admissionregistration.k8s.io/v1', availableSince: '1.30' },
    changes: ['The schema is unchanged; only apiVersion changes.'],
    link: VAP_DOC,
  },
  // Removed in 1.35
  {
    id: 'volumeattributesclass-storage-v1alpha1', group: 'storage.k8s.io', version: 'v1alpha1', kinds: ['VolumeAttributesClass'],
    introducedIn: '1.29', basis: ['markers'],
    deprecatedIn: '1.32', removedIn: '1.35', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.34' },
    changes: ['An alpha API, served only when enabled; the schema is unchanged in v1.'],
    link: VAC_DOC,
  },
  // Removed in 1.37
  {
    id: 'volumeattributesclass-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['VolumeAttributesClass'],
    introducedIn: '1.31', basis: ['markers'],
    deprecatedIn: '1.34', removedIn: '1.37', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.34' },
    changes: ['The schema is unchanged; only apiVersion changes.'],
    link: VAC_DOC,
  },
  // Removed in 1.38
  {
    id: 'dra-resource-v1beta1', group: 'resource.k8s.io', version: 'v1beta1',
    kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], introducedIn: '1.32', basis: ['markers'],
    deprecatedIn: '1.35', removedIn: '1.38', replacement: { apiVersion: 'resource.k8s.io/v1', availableSince: '1.34' },
    changes: ['In claims and claim templates, the device selection of each request (deviceClassName, selectors, allocationMode, count, adminAccess, tolerations) moves under requests[*].exactly; resource.k8s.io/v1beta2 (from 1.33) has the same shape as v1.', 'In a ResourceSlice, the attributes and capacity of a device are no longer nested under basic.'],
    link: DRA_DOC,
  },
  // Removed in 1.39
  {
    id: 'dra-resource-v1beta2', group: 'resource.k8s.io', version: 'v1beta2',
    kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], introducedIn: '1.33', basis: ['markers'],
    deprecatedIn: '1.36', removedIn: '1.39', replacement: { apiVersion: 'resource.k8s.io/v1', availableSince: '1.34' },
    changes: ['The schema is unchanged; only apiVersion changes.'],
    link: DRA_DOC,
  },
  // Deprecated without an announced removal
  {
    id: 'endpoints-core-v1', group: '', version: 'v1', kinds: ['Endpoints'], introducedIn: '1.0', basis: ['release-notes', 'docs'],
    deprecatedIn: '1.33', replacement: { apiVersion: 'discovery.k8s.io/v1', availableSince: '1.21' },
    changes: ['The Endpoints API is deprecated in favour of EndpointSlice (discovery.k8s.io/v1, kind EndpointSlice), which has a different shape; hand-written Endpoints for selector-less Services should become EndpointSlices labelled kubernetes.io/service-name.'],
    link: 'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/',
  },
];

const LABELS_DOC = 'https://kubernetes.io/docs/reference/labels-annotations-taints/';

export const BUILTIN_FIELD_RULES: readonly FieldRule[] = [
  {
    id: 'annotation-ingress-class', subject: 'annotation', name: 'kubernetes.io/ingress.class', basis: ['docs'],
    location: { type: 'annotation', key: 'kubernetes.io/ingress.class' }, kinds: ['Ingress'],
    deprecatedIn: '1.18', replacement: 'spec.ingressClassName',
    changes: ['Set spec.ingressClassName to the name of an IngressClass instead of the annotation.'],
    link: 'https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation',
  },
  {
    id: 'annotation-seccomp-pod', subject: 'annotation', name: 'seccomp.security.alpha.kubernetes.io/pod', basis: ['docs', 'release-notes'],
    location: { type: 'annotation', key: 'seccomp.security.alpha.kubernetes.io/pod' },
    deprecatedIn: '1.19', removedIn: '1.27', replacement: 'spec.securityContext.seccompProfile',
    changes: ['The annotation is ignored from 1.27; set securityContext.seccompProfile (type RuntimeDefault, Localhost with localhostProfile, or Unconfined).'],
    link: 'https://kubernetes.io/docs/tutorials/security/seccomp/',
  },
  {
    id: 'annotation-seccomp-container', subject: 'annotation', name: 'container.seccomp.security.alpha.kubernetes.io/<container>', basis: ['docs', 'release-notes'],
    location: { type: 'annotation', key: 'container.seccomp.security.alpha.kubernetes.io/', prefix: true },
    deprecatedIn: '1.19', removedIn: '1.27', replacement: 'containers[*].securityContext.seccompProfile',
    changes: ['The annotation is ignored from 1.27; set the container\'s securityContext.seccompProfile instead.'],
    link: 'https://kubernetes.io/docs/tutorials/security/seccomp/',
  },
  {
    id: 'annotation-apparmor-container', subject: 'annotation', name: 'container.apparmor.security.beta.kubernetes.io/<container>', basis: ['docs', 'release-notes'],
    location: { type: 'annotation', key: 'container.apparmor.security.beta.kubernetes.io/', prefix: true },
    deprecatedIn: '1.30', replacement: 'securityContext.appArmorProfile',
    changes: ['Set securityContext.appArmorProfile (type RuntimeDefault, Localhost with localhostProfile, or Unconfined) on the pod or container.'],
    link: 'https://kubernetes.io/docs/tutorials/security/apparmor/',
  },
  {
    id: 'annotation-storage-class', subject: 'annotation', name: 'volume.beta.kubernetes.io/storage-class', basis: ['docs'],
    location: { type: 'annotation', key: 'volume.beta.kubernetes.io/storage-class' },
    deprecatedIn: '1.8', replacement: 'spec.storageClassName',
    changes: ['Set spec.storageClassName on the PersistentVolumeClaim or PersistentVolume instead.'],
    link: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1',
  },
  {
    id: 'label-beta-arch', subject: 'label', name: 'beta.kubernetes.io/arch', basis: ['docs'],
    location: { type: 'label', key: 'beta.kubernetes.io/arch' },
    deprecatedIn: '1.14', replacement: 'kubernetes.io/arch',
    changes: ['Nodes carry kubernetes.io/arch with the same value.'], link: LABELS_DOC,
  },
  {
    id: 'label-beta-os', subject: 'label', name: 'beta.kubernetes.io/os', basis: ['docs'],
    location: { type: 'label', key: 'beta.kubernetes.io/os' },
    deprecatedIn: '1.14', replacement: 'kubernetes.io/os',
    changes: ['Nodes carry kubernetes.io/os with the same value.'], link: LABELS_DOC,
  },
  {
    id: 'label-beta-instance-type', subject: 'label', name: 'beta.kubernetes.io/instance-type', basis: ['docs'],
    location: { type: 'label', key: 'beta.kubernetes.io/instance-type' },
    deprecatedIn: '1.17', replacement: 'node.kubernetes.io/instance-type',
    changes: ['Nodes carry node.kubernetes.io/instance-type with the same value.'], link: LABELS_DOC,
  },
  {
    id: 'label-failure-domain-zone', subject: 'label', name: 'failure-domain.beta.kubernetes.io/zone', basis: ['docs'],
    location: { type: 'label', key: 'failure-domain.beta.kubernetes.io/zone' },
    deprecatedIn: '1.17', replacement: 'topology.kubernetes.io/zone',
    changes: ['Nodes and volumes carry topology.kubernetes.io/zone with the same value.'], link: LABELS_DOC,
  },
  {
    id: 'label-failure-domain-region', subject: 'label', name: 'failure-domain.beta.kubernetes.io/region', basis: ['docs'],
    location: { type: 'label', key: 'failure-domain.beta.kubernetes.io/region' },
    deprecatedIn: '1.17', replacement: 'topology.kubernetes.io/region',
    changes: ['Nodes and volumes carry topology.kubernetes.io/region with the same value.'], link: LABELS_DOC,
  },
  {
    id: 'label-node-role-master', subject: 'label', name: 'node-role.kubernetes.io/master', basis: ['docs', 'release-notes'],
    location: { type: 'label', key: 'node-role.kubernetes.io/master' },
    deprecatedIn: '1.20', removedIn: '1.24', replacement: 'node-role.kubernetes.io/control-plane',
    changes: ['kubeadm stops applying the master label to control-plane nodes in 1.24, so node selectors and affinity using it stop matching.'],
    link: LABELS_DOC,
  },
  {
    id: 'taint-node-role-master', subject: 'taint', name: 'node-role.kubernetes.io/master', basis: ['docs', 'release-notes'],
    location: { type: 'toleration', key: 'node-role.kubernetes.io/master', harmlessWith: 'node-role.kubernetes.io/control-plane' },
    deprecatedIn: '1.20', removedIn: '1.25', replacement: 'node-role.kubernetes.io/control-plane',
    changes: ['kubeadm taints control-plane nodes with node-role.kubernetes.io/control-plane from 1.24 and stops applying the master taint in 1.25; tolerate the control-plane taint. A master toleration kept beside a control-plane one is harmless.'],
    link: LABELS_DOC,
  },
  {
    id: 'field-pod-service-account', subject: 'field', name: 'spec.serviceAccount', basis: ['docs'],
    location: { type: 'podSpecField', field: 'serviceAccount' },
    deprecatedIn: '1.0', replacement: 'serviceAccountName',
    changes: ['serviceAccount is an old alias of serviceAccountName; use serviceAccountName.'],
    link: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/',
  },
  {
    id: 'field-service-load-balancer-ip', subject: 'field', name: 'spec.loadBalancerIP', basis: ['docs', 'release-notes'],
    location: { type: 'objectField', path: 'spec.loadBalancerIP' }, kinds: ['Service'],
    deprecatedIn: '1.24',
    changes: ['The field is not portable and may be ignored; use your load balancer implementation\'s annotation or the Gateway API to request an address.'],
    link: 'https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer',
  },
  {
    id: 'field-service-topology-keys', subject: 'field', name: 'spec.topologyKeys', basis: ['release-notes', 'feature-gate'],
    location: { type: 'objectField', path: 'spec.topologyKeys' }, kinds: ['Service'],
    deprecatedIn: '1.21', removedIn: '1.22', replacement: 'topology-aware routing (service.kubernetes.io/topology-mode)',
    changes: ['The ServiceTopology feature is removed in 1.22 and spec.topologyKeys is dropped; use topology-aware routing or spec.trafficDistribution.'],
    link: 'https://kubernetes.io/docs/concepts/services-networking/topology-aware-routing/',
  },
  {
    id: 'annotation-critical-pod', subject: 'annotation', name: 'scheduler.alpha.kubernetes.io/critical-pod', basis: ['release-notes', 'feature-gate'],
    location: { type: 'annotation', key: 'scheduler.alpha.kubernetes.io/critical-pod' },
    deprecatedIn: '1.13', removedIn: '1.16', replacement: 'spec.priorityClassName',
    changes: ['The annotation has no effect since 1.16 (the ExperimentalCriticalPodAnnotation gate is gone); set spec.priorityClassName to system-cluster-critical or system-node-critical instead.'],
    link: 'https://kubernetes.io/docs/tasks/administer-cluster/guaranteed-scheduling-critical-addon-pods/',
  },
  {
    id: 'annotation-storage-provisioner', subject: 'annotation', name: 'volume.beta.kubernetes.io/storage-provisioner', basis: ['docs', 'release-notes'],
    location: { type: 'annotation', key: 'volume.beta.kubernetes.io/storage-provisioner' },
    deprecatedIn: '1.23', replacement: 'volume.kubernetes.io/storage-provisioner',
    changes: ['Controllers set volume.kubernetes.io/storage-provisioner on PersistentVolumeClaims; the beta annotation is kept for compatibility only.'],
    link: LABELS_DOC,
  },
  {
    id: 'annotation-mount-options', subject: 'annotation', name: 'volume.beta.kubernetes.io/mount-options', basis: ['docs'],
    location: { type: 'annotation', key: 'volume.beta.kubernetes.io/mount-options' },
    deprecatedIn: '1.8', replacement: 'spec.mountOptions',
    changes: ['Set spec.mountOptions on the PersistentVolume or StorageClass (mountOptions) instead of the annotation.'],
    link: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#mount-options',
  },
  {
    id: 'annotation-topology-aware-hints', subject: 'annotation', name: 'service.kubernetes.io/topology-aware-hints', basis: ['docs', 'release-notes'],
    location: { type: 'annotation', key: 'service.kubernetes.io/topology-aware-hints' }, kinds: ['Service'],
    deprecatedIn: '1.27', replacement: 'service.kubernetes.io/topology-mode',
    changes: ['Use the service.kubernetes.io/topology-mode annotation (value Auto) instead.'],
    link: 'https://kubernetes.io/docs/concepts/services-networking/topology-aware-routing/',
  },
  {
    id: 'volume-git-repo', subject: 'field', name: 'gitRepo volume', basis: ['docs', 'feature-gate'],
    location: { type: 'podVolumeSource', source: 'gitRepo' },
    deprecatedIn: '1.11', removedIn: '1.33', replacement: 'an init container that clones into an emptyDir',
    changes: ['The gitRepo volume plugin is disabled by default from 1.33 (GitRepoVolumeDriver gate) because it can run code on the node; clone the repository in an init container into an emptyDir volume.'],
    link: 'https://kubernetes.io/docs/concepts/storage/volumes/#gitrepo',
  },
];

/** Kinds an HPA can scale whose old group stopped being served: the HPA controller looks its target up by group and kind. */
const SCALABLE_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** scaleTargetRef of an HPA naming an API group that no longer serves the kind, one rule per kind. */
export const SCALE_TARGET_RULES: readonly FieldRule[] = BUILTIN_API_RULES.flatMap((rule) =>
  rule.replacement === undefined || groupOf(rule.replacement.apiVersion) === rule.group
    ? []
    : rule.kinds
        .filter((kind) => SCALABLE_KINDS.includes(kind))
        .map((kind): FieldRule => ({
          id: `scale-target-ref-${rule.id}-${kind.toLowerCase()}`,
          subject: 'field',
          name: `spec.scaleTargetRef ${apiVersionOf(rule)} ${kind}`,
          basis: rule.basis,
          location: { type: 'apiReference', path: 'spec.scaleTargetRef', apiVersion: apiVersionOf(rule), kind },
          kinds: ['HorizontalPodAutoscaler'],
          deprecatedIn: rule.deprecatedIn,
          removedIn: rule.removedIn,
          replacement: rule.replacement?.apiVersion,
          changes: [`The HPA controller finds its target by group and kind; the ${rule.group} group stops serving ${kind} in ${rule.removedIn ?? 'a later release'}, so the autoscaler can no longer read or scale it.`],
          link: rule.link,
        })),
);

export const ALL_BUILTIN_FIELD_RULES: readonly FieldRule[] = [...BUILTIN_FIELD_RULES, ...SCALE_TARGET_RULES];
