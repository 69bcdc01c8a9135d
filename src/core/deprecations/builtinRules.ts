import type { ApiRule, FieldRule } from './ruleTypes';

/*
 * Reviewed rule data. Versions are Kubernetes minors. Removal versions, replacements and the
 * "available since" versions follow the official deprecated API migration guide; deprecation
 * versions follow the release notes of the release that first marked the API deprecated.
 * Each API rule links to its section of the guide; test/unit/deprecations checks consistency.
 */

export const DEPRECATION_GUIDE_URL = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

function guide(anchor: string): string {
  return `${DEPRECATION_GUIDE_URL}#${anchor}`;
}

const SELECTOR_REQUIRED = 'spec.selector is required and cannot change after creation; copy the pod template labels into spec.selector.matchLabels so existing pods stay selected.';

export const BUILTIN_API_RULES: readonly ApiRule[] = [
  // Removed in 1.16
  {
    id: 'networkpolicy-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['NetworkPolicy'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'networking.k8s.io/v1', availableSince: '1.8' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('networkpolicy-v116'),
  },
  {
    id: 'daemonset-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['DaemonSet'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED, 'spec.templateGeneration no longer exists.', 'spec.updateStrategy.type defaults to RollingUpdate instead of OnDelete; the fix pins OnDelete when no strategy was set.'],
    link: guide('daemonset-v116'),
  },
  {
    id: 'daemonset-apps-v1beta2', group: 'apps', version: 'v1beta2', kinds: ['DaemonSet'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED, 'spec.templateGeneration no longer exists.'], link: guide('daemonset-v116'),
  },
  {
    id: 'deployment-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['Deployment'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED, 'spec.rollbackTo no longer exists.', 'Defaults change: progressDeadlineSeconds becomes 600 (was none), revisionHistoryLimit becomes 10 (all revisions were kept), maxSurge and maxUnavailable become 25% (were 1).'],
    link: guide('deployment-v116'),
  },
  {
    id: 'deployment-apps-v1beta1', group: 'apps', version: 'v1beta1', kinds: ['Deployment'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED, 'spec.rollbackTo no longer exists.', 'revisionHistoryLimit defaults to 10 instead of 2.'],
    link: guide('deployment-v116'),
  },
  {
    id: 'deployment-apps-v1beta2', group: 'apps', version: 'v1beta2', kinds: ['Deployment'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED], link: guide('deployment-v116'),
  },
  {
    id: 'statefulset-apps-v1beta1', group: 'apps', version: 'v1beta1', kinds: ['StatefulSet'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED, 'spec.updateStrategy.type defaults to RollingUpdate instead of OnDelete; the fix pins OnDelete when no strategy was set.'],
    link: guide('statefulset-v116'),
  },
  {
    id: 'statefulset-apps-v1beta2', group: 'apps', version: 'v1beta2', kinds: ['StatefulSet'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED], link: guide('statefulset-v116'),
  },
  {
    id: 'replicaset-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['ReplicaSet'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED], link: guide('replicaset-v116'),
  },
  {
    id: 'replicaset-apps-v1beta1', group: 'apps', version: 'v1beta1', kinds: ['ReplicaSet'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED], link: guide('replicaset-v116'),
  },
  {
    id: 'replicaset-apps-v1beta2', group: 'apps', version: 'v1beta2', kinds: ['ReplicaSet'],
    deprecatedIn: '1.9', removedIn: '1.16', replacement: { apiVersion: 'apps/v1', availableSince: '1.9' },
    changes: [SELECTOR_REQUIRED], link: guide('replicaset-v116'),
  },
  {
    id: 'podsecuritypolicy-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['PodSecurityPolicy'],
    deprecatedIn: '1.10', removedIn: '1.16', replacement: { apiVersion: 'policy/v1beta1', availableSince: '1.10' },
    changes: ['policy/v1beta1 PodSecurityPolicy is itself removed in 1.25; plan a move to Pod Security Admission.'],
    link: guide('psp-v116'),
  },
  // Removed in 1.22
  {
    id: 'webhook-admissionregistration-v1beta1', group: 'admissionregistration.k8s.io', version: 'v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
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
    id: 'crd-apiextensions-v1beta1', group: 'apiextensions.k8s.io', version: 'v1beta1', kinds: ['CustomResourceDefinition'],
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
    id: 'apiservice-apiregistration-v1beta1', group: 'apiregistration.k8s.io', version: 'v1beta1', kinds: ['APIService'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'apiregistration.k8s.io/v1', availableSince: '1.10' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('apiservice-v122'),
  },
  {
    id: 'tokenreview-authentication-v1beta1', group: 'authentication.k8s.io', version: 'v1beta1', kinds: ['TokenReview'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'authentication.k8s.io/v1', availableSince: '1.6' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('tokenreview-v122'),
  },
  {
    id: 'subjectaccessreview-authorization-v1beta1', group: 'authorization.k8s.io', version: 'v1beta1',
    kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'authorization.k8s.io/v1', availableSince: '1.6' },
    changes: ['spec.group is renamed to spec.groups.'], link: guide('subjectaccessreview-resources-v122'),
  },
  {
    id: 'csr-certificates-v1beta1', group: 'certificates.k8s.io', version: 'v1beta1', kinds: ['CertificateSigningRequest'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'certificates.k8s.io/v1', availableSince: '1.19' },
    changes: ['spec.signerName is required and kubernetes.io/legacy-unknown is refused.', 'spec.usages is required, without duplicates, and only known usages.'],
    link: guide('certificatesigningrequest-v122'),
  },
  {
    id: 'lease-coordination-v1beta1', group: 'coordination.k8s.io', version: 'v1beta1', kinds: ['Lease'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'coordination.k8s.io/v1', availableSince: '1.14' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('lease-v122'),
  },
  {
    id: 'ingress-extensions-v1beta1', group: 'extensions', version: 'v1beta1', kinds: ['Ingress'],
    deprecatedIn: '1.14', removedIn: '1.22', replacement: { apiVersion: 'networking.k8s.io/v1', availableSince: '1.19' },
    changes: [
      'spec.backend becomes spec.defaultBackend.',
      'A backend serviceName becomes service.name; a numeric servicePort becomes service.port.number, a named one service.port.name.',
      'Every path needs a pathType; ImplementationSpecific keeps the old behaviour.',
    ],
    link: guide('ingress-v122'),
  },
  {
    id: 'ingress-networking-v1beta1', group: 'networking.k8s.io', version: 'v1beta1', kinds: ['Ingress'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'networking.k8s.io/v1', availableSince: '1.19' },
    changes: [
      'spec.backend becomes spec.defaultBackend.',
      'A backend serviceName becomes service.name; a numeric servicePort becomes service.port.number, a named one service.port.name.',
      'Every path needs a pathType; ImplementationSpecific keeps the old behaviour.',
    ],
    link: guide('ingress-v122'),
  },
  {
    id: 'ingressclass-networking-v1beta1', group: 'networking.k8s.io', version: 'v1beta1', kinds: ['IngressClass'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'networking.k8s.io/v1', availableSince: '1.19' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('ingressclass-v122'),
  },
  {
    id: 'rbac-v1beta1', group: 'rbac.authorization.k8s.io', version: 'v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    deprecatedIn: '1.17', removedIn: '1.22', replacement: { apiVersion: 'rbac.authorization.k8s.io/v1', availableSince: '1.8' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('rbac-resources-v122'),
  },
  {
    id: 'rbac-v1alpha1', group: 'rbac.authorization.k8s.io', version: 'v1alpha1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    deprecatedIn: '1.17', removedIn: '1.22', replacement: { apiVersion: 'rbac.authorization.k8s.io/v1', availableSince: '1.8' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('rbac-resources-v122'),
  },
  {
    id: 'priorityclass-scheduling-v1beta1', group: 'scheduling.k8s.io', version: 'v1beta1', kinds: ['PriorityClass'],
    deprecatedIn: '1.14', removedIn: '1.22', replacement: { apiVersion: 'scheduling.k8s.io/v1', availableSince: '1.14' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('priorityclass-v122'),
  },
  {
    id: 'csidriver-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['CSIDriver'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.19' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('storage-resources-v122'),
  },
  {
    id: 'csinode-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['CSINode'],
    deprecatedIn: '1.17', removedIn: '1.22', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.17' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('storage-resources-v122'),
  },
  {
    id: 'storageclass-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['StorageClass'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.6' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('storage-resources-v122'),
  },
  {
    id: 'volumeattachment-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['VolumeAttachment'],
    deprecatedIn: '1.19', removedIn: '1.22', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.13' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('storage-resources-v122'),
  },
  // Removed in 1.25
  {
    id: 'cronjob-batch-v1beta1', group: 'batch', version: 'v1beta1', kinds: ['CronJob'],
    deprecatedIn: '1.21', removedIn: '1.25', replacement: { apiVersion: 'batch/v1', availableSince: '1.21' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('cronjob-v125'),
  },
  {
    id: 'endpointslice-discovery-v1beta1', group: 'discovery.k8s.io', version: 'v1beta1', kinds: ['EndpointSlice'],
    deprecatedIn: '1.21', removedIn: '1.25', replacement: { apiVersion: 'discovery.k8s.io/v1', availableSince: '1.21' },
    changes: ['Use each endpoint\'s nodeName instead of topology["kubernetes.io/hostname"] and zone instead of topology["topology.kubernetes.io/zone"].', 'topology becomes deprecatedTopology, which cannot be written in v1.'],
    link: guide('endpointslice-v125'),
  },
  {
    id: 'event-events-v1beta1', group: 'events.k8s.io', version: 'v1beta1', kinds: ['Event'],
    deprecatedIn: '1.19', removedIn: '1.25', replacement: { apiVersion: 'events.k8s.io/v1', availableSince: '1.19' },
    changes: ['type only accepts Normal and Warning.', 'involvedObject becomes regarding.', 'action, reason, reportingController and reportingInstance are required for new events.', 'firstTimestamp, lastTimestamp, count and source move to eventTime and series, and their old names cannot be set on new events.'],
    link: guide('event-v125'),
  },
  {
    id: 'hpa-autoscaling-v2beta1', group: 'autoscaling', version: 'v2beta1', kinds: ['HorizontalPodAutoscaler'],
    deprecatedIn: '1.22', removedIn: '1.25', replacement: { apiVersion: 'autoscaling/v2', availableSince: '1.23' },
    changes: ['Metric targets move into a target object: targetAverageUtilization becomes target.averageUtilization with target.type Utilization, targetAverageValue becomes target.averageValue (AverageValue), targetValue becomes target.value (Value).', 'metricName and selectors move into a metric object; an Object metric\'s target becomes describedObject.'],
    link: guide('horizontalpodautoscaler-v125'),
  },
  {
    id: 'pdb-policy-v1beta1', group: 'policy', version: 'v1beta1', kinds: ['PodDisruptionBudget'],
    deprecatedIn: '1.21', removedIn: '1.25', replacement: { apiVersion: 'policy/v1', availableSince: '1.21' },
    changes: ['An empty spec.selector ({}) selected no pods in v1beta1 but selects every pod of the namespace in v1; an absent selector selects none in both.'],
    link: guide('poddisruptionbudget-v125'),
  },
  {
    id: 'podsecuritypolicy-policy-v1beta1', group: 'policy', version: 'v1beta1', kinds: ['PodSecurityPolicy'],
    deprecatedIn: '1.21', removedIn: '1.25',
    changes: ['There is no replacement API: PodSecurityPolicy and its admission controller are gone. Use Pod Security Admission (namespace labels) or a third-party admission webhook.'],
    link: guide('psp-v125'),
  },
  {
    id: 'runtimeclass-node-v1beta1', group: 'node.k8s.io', version: 'v1beta1', kinds: ['RuntimeClass'],
    deprecatedIn: '1.22', removedIn: '1.25', replacement: { apiVersion: 'node.k8s.io/v1', availableSince: '1.20' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('runtimeclass-v125'),
  },
  // Removed in 1.26
  {
    id: 'flowcontrol-v1beta1', group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.23', removedIn: '1.26', replacement: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', availableSince: '1.23' },
    changes: ['The schema is unchanged in v1beta2; v1beta2 itself is removed in 1.29.'], link: guide('flowcontrol-resources-v126'),
  },
  {
    id: 'hpa-autoscaling-v2beta2', group: 'autoscaling', version: 'v2beta2', kinds: ['HorizontalPodAutoscaler'],
    deprecatedIn: '1.23', removedIn: '1.26', replacement: { apiVersion: 'autoscaling/v2', availableSince: '1.23' },
    changes: ['The schema is the same as autoscaling/v2; only apiVersion changes.'], link: guide('horizontalpodautoscaler-v126'),
  },
  // Removed in 1.27
  {
    id: 'csistoragecapacity-storage-v1beta1', group: 'storage.k8s.io', version: 'v1beta1', kinds: ['CSIStorageCapacity'],
    deprecatedIn: '1.24', removedIn: '1.27', replacement: { apiVersion: 'storage.k8s.io/v1', availableSince: '1.24' },
    changes: ['The schema is unchanged; only apiVersion changes.'], link: guide('csistoragecapacity-v127'),
  },
  // Removed in 1.29
  {
    id: 'flowcontrol-v1beta2', group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.26', removedIn: '1.29', replacement: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', availableSince: '1.29' },
    changes: ['PriorityLevelConfiguration spec.limited.assuredConcurrencyShares is renamed nominalConcurrencyShares; in v1 it defaults to 30 only when unset, and an explicit 0 stays 0.', 'flowcontrol.apiserver.k8s.io/v1beta3 (from 1.26) is an alternative for older clusters.'],
    link: guide('flowcontrol-resources-v129'),
  },
  // Removed in 1.32
  {
    id: 'flowcontrol-v1beta3', group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.29', removedIn: '1.32', replacement: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', availableSince: '1.29' },
    changes: ['PriorityLevelConfiguration spec.limited.nominalConcurrencyShares defaults to 30 only when unset; an explicit 0 is no longer turned into 30.'],
    link: guide('flowcontrol-resources-v132'),
  },
  // Deprecated without an announced removal
  {
    id: 'endpoints-core-v1', group: '', version: 'v1', kinds: ['Endpoints'],
    deprecatedIn: '1.33', replacement: { apiVersion: 'discovery.k8s.io/v1', availableSince: '1.21' },
    changes: ['The Endpoints API is deprecated in favour of EndpointSlice (discovery.k8s.io/v1, kind EndpointSlice), which has a different shape; hand-written Endpoints for selector-less Services should become EndpointSlices labelled kubernetes.io/service-name.'],
    link: 'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/',
  },
];

const LABELS_DOC = 'https://kubernetes.io/docs/reference/labels-annotations-taints/';

export const BUILTIN_FIELD_RULES: readonly FieldRule[] = [
  {
    id: 'annotation-ingress-class', subject: 'annotation', name: 'kubernetes.io/ingress.class',
    location: { type: 'annotation', key: 'kubernetes.io/ingress.class' }, kinds: ['Ingress'],
    deprecatedIn: '1.18', replacement: 'spec.ingressClassName',
    changes: ['Set spec.ingressClassName to the name of an IngressClass instead of the annotation.'],
    link: 'https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation',
  },
  {
    id: 'annotation-seccomp-pod', subject: 'annotation', name: 'seccomp.security.alpha.kubernetes.io/pod',
    location: { type: 'annotation', key: 'seccomp.security.alpha.kubernetes.io/pod' },
    deprecatedIn: '1.19', removedIn: '1.27', replacement: 'spec.securityContext.seccompProfile',
    changes: ['The annotation is ignored from 1.27; set securityContext.seccompProfile (type RuntimeDefault, Localhost with localhostProfile, or Unconfined).'],
    link: 'https://kubernetes.io/docs/tutorials/security/seccomp/',
  },
  {
    id: 'annotation-seccomp-container', subject: 'annotation', name: 'container.seccomp.security.alpha.kubernetes.io/<container>',
    location: { type: 'annotation', key: 'container.seccomp.security.alpha.kubernetes.io/', prefix: true },
    deprecatedIn: '1.19', removedIn: '1.27', replacement: 'containers[*].securityContext.seccompProfile',
    changes: ['The annotation is ignored from 1.27; set the container\'s securityContext.seccompProfile instead.'],
    link: 'https://kubernetes.io/docs/tutorials/security/seccomp/',
  },
  {
    id: 'annotation-apparmor-container', subject: 'annotation', name: 'container.apparmor.security.beta.kubernetes.io/<container>',
    location: { type: 'annotation', key: 'container.apparmor.security.beta.kubernetes.io/', prefix: true },
    deprecatedIn: '1.30', replacement: 'securityContext.appArmorProfile',
    changes: ['Set securityContext.appArmorProfile (type RuntimeDefault, Localhost with localhostProfile, or Unconfined) on the pod or container.'],
    link: 'https://kubernetes.io/docs/tutorials/security/apparmor/',
  },
  {
    id: 'annotation-storage-class', subject: 'annotation', name: 'volume.beta.kubernetes.io/storage-class',
    location: { type: 'annotation', key: 'volume.beta.kubernetes.io/storage-class' },
    deprecatedIn: '1.8', replacement: 'spec.storageClassName',
    changes: ['Set spec.storageClassName on the PersistentVolumeClaim or PersistentVolume instead.'],
    link: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1',
  },
  {
    id: 'label-beta-arch', subject: 'label', name: 'beta.kubernetes.io/arch',
    location: { type: 'label', key: 'beta.kubernetes.io/arch' },
    deprecatedIn: '1.14', replacement: 'kubernetes.io/arch',
    changes: ['Nodes carry kubernetes.io/arch with the same value.'], link: LABELS_DOC,
  },
  {
    id: 'label-beta-os', subject: 'label', name: 'beta.kubernetes.io/os',
    location: { type: 'label', key: 'beta.kubernetes.io/os' },
    deprecatedIn: '1.14', replacement: 'kubernetes.io/os',
    changes: ['Nodes carry kubernetes.io/os with the same value.'], link: LABELS_DOC,
  },
  {
    id: 'label-beta-instance-type', subject: 'label', name: 'beta.kubernetes.io/instance-type',
    location: { type: 'label', key: 'beta.kubernetes.io/instance-type' },
    deprecatedIn: '1.17', replacement: 'node.kubernetes.io/instance-type',
    changes: ['Nodes carry node.kubernetes.io/instance-type with the same value.'], link: LABELS_DOC,
  },
  {
    id: 'label-failure-domain-zone', subject: 'label', name: 'failure-domain.beta.kubernetes.io/zone',
    location: { type: 'label', key: 'failure-domain.beta.kubernetes.io/zone' },
    deprecatedIn: '1.17', replacement: 'topology.kubernetes.io/zone',
    changes: ['Nodes and volumes carry topology.kubernetes.io/zone with the same value.'], link: LABELS_DOC,
  },
  {
    id: 'label-failure-domain-region', subject: 'label', name: 'failure-domain.beta.kubernetes.io/region',
    location: { type: 'label', key: 'failure-domain.beta.kubernetes.io/region' },
    deprecatedIn: '1.17', replacement: 'topology.kubernetes.io/region',
    changes: ['Nodes and volumes carry topology.kubernetes.io/region with the same value.'], link: LABELS_DOC,
  },
  {
    id: 'label-node-role-master', subject: 'label', name: 'node-role.kubernetes.io/master',
    location: { type: 'label', key: 'node-role.kubernetes.io/master' },
    deprecatedIn: '1.20', removedIn: '1.25', replacement: 'node-role.kubernetes.io/control-plane',
    changes: ['kubeadm stops applying the master label in 1.24 and the master taint in 1.25, so selectors and tolerations using it stop matching.'],
    link: LABELS_DOC,
  },
  {
    id: 'field-pod-service-account', subject: 'field', name: 'spec.serviceAccount',
    location: { type: 'podSpecField', field: 'serviceAccount' },
    deprecatedIn: '1.0', replacement: 'serviceAccountName',
    changes: ['serviceAccount is an old alias of serviceAccountName; use serviceAccountName.'],
    link: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/',
  },
  {
    id: 'field-service-load-balancer-ip', subject: 'field', name: 'spec.loadBalancerIP',
    location: { type: 'objectField', path: 'spec.loadBalancerIP' }, kinds: ['Service'],
    deprecatedIn: '1.24',
    changes: ['The field is not portable and may be ignored; use your load balancer implementation\'s annotation or the Gateway API to request an address.'],
    link: 'https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer',
  },
];
