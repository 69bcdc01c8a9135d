import { migrateCrd } from './crdMigration';
import { migrateHpaV2beta1 } from './hpaMigration';
import { migrateIngress, migrateIngressClassAnnotation } from './ingressMigration';
import type { Migration } from './migrationContext';
import {
  manualOnly,
  migrateApiVersionOnly,
  migrateCertificateSigningRequest,
  migrateEndpointSlice,
  migrateFlowControl,
  migratePodDisruptionBudget,
  migrateSubjectAccessReview,
} from './simpleMigrations';
import { isApiRule, type AnyRule } from '../ruleSet';
import { migrateReference, migrateSecurityProfileAnnotation, migrateServiceAccount, migrateStorageClassAnnotation, renameAnnotation, renameLabel, tolerateBeside } from './fieldMigrations';
import { migrateWebhooks } from './webhookMigration';
import { migrateWorkload } from './workloadMigration';

/** Migrations by rule id. API rules without an entry only change apiVersion. */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  'daemonset-extensions-v1beta1': migrateWorkload,
  'daemonset-apps-v1beta2': migrateWorkload,
  'deployment-extensions-v1beta1': migrateWorkload,
  'deployment-apps-v1beta1': migrateWorkload,
  'deployment-apps-v1beta2': migrateWorkload,
  'statefulset-apps-v1beta1': migrateWorkload,
  'statefulset-apps-v1beta2': migrateWorkload,
  'replicaset-extensions-v1beta1': migrateWorkload,
  'replicaset-apps-v1beta1': migrateWorkload,
  'replicaset-apps-v1beta2': migrateWorkload,
  'webhook-admissionregistration-v1beta1': migrateWebhooks,
  'crd-apiextensions-v1beta1': migrateCrd,
  'subjectaccessreview-authorization-v1beta1': migrateSubjectAccessReview,
  'csr-certificates-v1beta1': migrateCertificateSigningRequest,
  'ingress-extensions-v1beta1': migrateIngress,
  'ingress-networking-v1beta1': migrateIngress,
  'endpointslice-discovery-v1beta1': migrateEndpointSlice,
  'event-events-v1beta1': manualOnly('events.k8s.io/v1 renames and restricts several Event fields; rewrite the object by hand'),
  'hpa-autoscaling-v2beta1': migrateHpaV2beta1,
  'pdb-policy-v1beta1': migratePodDisruptionBudget,
  'flowcontrol-v1beta1': migrateFlowControl,
  'flowcontrol-v1beta2': migrateFlowControl,
  'flowcontrol-v1beta3': migrateFlowControl,
  'endpoints-core-v1': manualOnly('EndpointSlice has a different shape than Endpoints; rewrite the object by hand'),
  'annotation-ingress-class': migrateIngressClassAnnotation,
  'annotation-seccomp-pod': migrateSecurityProfileAnnotation('seccomp', 'pod'),
  'annotation-seccomp-container': migrateSecurityProfileAnnotation('seccomp', 'container'),
  'annotation-apparmor-container': migrateSecurityProfileAnnotation('apparmor', 'container'),
  'annotation-storage-class': migrateStorageClassAnnotation,
  'label-beta-arch': renameLabel('kubernetes.io/arch'),
  'label-beta-os': renameLabel('kubernetes.io/os'),
  'label-beta-instance-type': renameLabel('node.kubernetes.io/instance-type'),
  'label-failure-domain-zone': renameLabel('topology.kubernetes.io/zone'),
  'label-failure-domain-region': renameLabel('topology.kubernetes.io/region'),
  'label-node-role-master': renameLabel('node-role.kubernetes.io/control-plane'),
  'taint-node-role-master': tolerateBeside('node-role.kubernetes.io/control-plane'),
  'dra-resource-v1beta1': manualOnly('resource.k8s.io/v1 nests each request\'s device selection under exactly and flattens ResourceSlice devices; rewrite the object by hand, or move it to resource.k8s.io/v1beta2 first'),
  'field-service-topology-keys': manualOnly('topology-aware routing works differently from topologyKeys; choose service.kubernetes.io/topology-mode or spec.trafficDistribution'),
  'annotation-critical-pod': manualOnly('choose a priority class (system-cluster-critical or system-node-critical) for spec.priorityClassName'),
  'annotation-storage-provisioner': renameAnnotation('volume.kubernetes.io/storage-provisioner'),
  'annotation-mount-options': manualOnly('the annotation holds a comma-separated string while spec.mountOptions is a list; move the options by hand'),
  'annotation-topology-aware-hints': manualOnly('service.kubernetes.io/topology-mode takes different values (Auto); set it by hand'),
  'volume-git-repo': manualOnly('replace the gitRepo volume with an emptyDir and an init container that clones the repository'),
  'field-pod-service-account': migrateServiceAccount,
  'field-service-load-balancer-ip': manualOnly('how to request a load balancer address depends on the load balancer implementation'),
};

export function migrationFor(rule: AnyRule): Migration | undefined {
  const migration = MIGRATIONS[rule.id];
  if (migration) {
    return migration;
  }
  if (isApiRule(rule)) {
    // built-in rules are reviewed one by one; user rules must say so explicitly
    return rule.sameSchema ?? rule.source === undefined ? migrateApiVersionOnly : undefined;
  }
  return rule.location.type === 'apiReference' ? migrateReference : undefined;
}
