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
import { migrateSecurityProfileAnnotation, migrateServiceAccount, migrateStorageClassAnnotation, renameLabel } from './fieldMigrations';
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
  'field-pod-service-account': migrateServiceAccount,
  'field-service-load-balancer-ip': manualOnly('how to request a load balancer address depends on the load balancer implementation'),
};

export function migrationFor(ruleId: string, isApiRule: boolean, sameSchema: boolean): Migration | undefined {
  const migration = MIGRATIONS[ruleId];
  if (migration) {
    return migration;
  }
  return isApiRule && sameSchema ? migrateApiVersionOnly : undefined;
}

export function hasStructuralMigration(ruleId: string): boolean {
  return ruleId in MIGRATIONS;
}
