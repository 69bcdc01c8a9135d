import { asArray, asRecord, at, setApiVersion, type MigrationContext } from './migrationContext';
import { UnsafeMigration } from './unsafeMigration';

/** Same schema, new apiVersion. */
export function migrateApiVersionOnly(context: MigrationContext): readonly string[] {
  setApiVersion(context);
  return [];
}

export function migratePodDisruptionBudget(context: MigrationContext): readonly string[] {
  // only whether the selector is empty matters; templated labels in it stay as written
  const selector = context.editor.shape(at(context, 'spec', 'selector'));
  const record = asRecord(selector);
  if (record && Object.keys(record).length === 0) {
    throw new UnsafeMigration('spec.selector is empty: it selected no pods in policy/v1beta1 but selects every pod of the namespace in policy/v1. Decide which pods it should protect first.');
  }
  setApiVersion(context);
  return [];
}

export function migrateSubjectAccessReview(context: MigrationContext): readonly string[] {
  setApiVersion(context);
  if (context.editor.has(at(context, 'spec', 'group'))) {
    context.editor.renameKey(at(context, 'spec', 'group'), 'groups');
    return ['spec.group is renamed to spec.groups.'];
  }
  return [];
}

export function migrateCertificateSigningRequest(context: MigrationContext): readonly string[] {
  const spec = asRecord(context.editor.value(at(context, 'spec')));
  const signer = spec?.signerName;
  if (typeof signer !== 'string' || signer === 'kubernetes.io/legacy-unknown') {
    throw new UnsafeMigration('certificates.k8s.io/v1 needs an explicit spec.signerName other than kubernetes.io/legacy-unknown');
  }
  if (asArray(spec?.usages).length === 0) {
    throw new UnsafeMigration('certificates.k8s.io/v1 needs spec.usages');
  }
  setApiVersion(context);
  return [];
}

export function migrateEndpointSlice(context: MigrationContext): readonly string[] {
  const endpoints = asArray(context.editor.value(at(context, 'endpoints')));
  if (endpoints.some((endpoint) => asRecord(endpoint)?.topology !== undefined)) {
    throw new UnsafeMigration('endpoints use topology, which becomes nodeName, zone and a read-only deprecatedTopology in v1');
  }
  setApiVersion(context);
  return [];
}

/** FlowSchema and PriorityLevelConfiguration betas -> the newest version served at the target. */
export function migrateFlowControl(context: MigrationContext): readonly string[] {
  const editor = context.editor;
  const to = context.toApiVersion ?? '';
  const limited = at(context, 'spec', 'limited');
  const renames = context.kind === 'PriorityLevelConfiguration' && !to.endsWith('/v1beta2');
  if (renames && context.apiVersion.endsWith('/v1beta3') && editor.value([...limited, 'nominalConcurrencyShares']) === 0) {
    throw new UnsafeMigration('nominalConcurrencyShares is 0: v1beta3 treated that as 30, v1 keeps 0. Choose the intended value first.');
  }
  setApiVersion(context);
  if (renames && editor.has([...limited, 'assuredConcurrencyShares'])) {
    editor.renameKey([...limited, 'assuredConcurrencyShares'], 'nominalConcurrencyShares');
    return ['spec.limited.assuredConcurrencyShares is renamed nominalConcurrencyShares.'];
  }
  return [];
}

export function manualOnly(reason: string): (context: MigrationContext) => readonly string[] {
  return () => {
    throw new UnsafeMigration(reason);
  };
}
