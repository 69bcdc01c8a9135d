import { isMap } from 'yaml';
import type { Path } from '../../manifests/manifestObjects';
import type { NewValue } from './manifestEditor';
import { asArray, asRecord, isTemplated, removeAnnotation, type MigrationContext } from './migrationContext';
import { UnsafeMigration } from './unsafeMigration';

/** Replaces a deprecated label key, wherever the match found it. */
export function renameLabel(newName: string): (context: MigrationContext) => readonly string[] {
  return (context) => {
    const editor = context.editor;
    const path = context.matchPath;
    const last = path[path.length - 1];
    if (last === context.matchName) {
      const parent = path.slice(0, -1);
      // other labels may be templated; only the two compared here must be literal
      const siblings = asRecord(editor.shape(parent)) ?? {};
      if (siblings[newName] !== undefined) {
        if (isTemplated(siblings[newName]) || isTemplated(siblings[context.matchName]) || siblings[newName] !== siblings[context.matchName]) {
          throw new UnsafeMigration(`${newName} is already set, to a different or templated value`);
        }
        editor.removeEntry(path);
        return [`Removed ${context.matchName}; ${newName} is already there.`];
      }
      editor.renameKey(path, newName);
    } else {
      editor.setScalar(path, newName);
    }
    return [];
  };
}

/** serviceAccount -> serviceAccountName. */
export function migrateServiceAccount(context: MigrationContext): readonly string[] {
  const editor = context.editor;
  const path = context.matchPath;
  const podSpec = path.slice(0, -1);
  const value = editor.string(path);
  const named = editor.string([...podSpec, 'serviceAccountName']);
  if (named === undefined) {
    editor.renameKey(path, 'serviceAccountName');
    return [];
  }
  if (named !== value) {
    throw new UnsafeMigration('serviceAccount and serviceAccountName name different accounts');
  }
  editor.removeEntry(path);
  return ['Removed the duplicate serviceAccount.'];
}

/** The object (or template) owning a metadata.annotations key. */
function annotationOwner(path: Path): Path {
  return path.slice(0, -3);
}

function moveAnnotationToField(context: MigrationContext, fieldPath: Path, value: NewValue, equal: (existing: unknown) => boolean): void {
  const editor = context.editor;
  const existing = editor.value(fieldPath);
  if (existing !== undefined && !equal(existing)) {
    throw new UnsafeMigration(`${fieldPath.join('.')} is already set differently`);
  }
  if (existing === undefined) {
    // create the innermost missing map level
    let missingFrom = fieldPath.length - 1;
    while (missingFrom > 0 && editor.node(fieldPath.slice(0, missingFrom)) === undefined) {
      missingFrom--;
    }
    if (!isMap(editor.node(fieldPath.slice(0, missingFrom)))) {
      throw new UnsafeMigration(`${fieldPath.slice(0, missingFrom).join('.')} is not a map`);
    }
    let nested: NewValue = value;
    for (let i = fieldPath.length - 1; i > missingFrom; i--) {
      nested = { [String(fieldPath[i])]: nested };
    }
    editor.addEntries(fieldPath.slice(0, missingFrom), [[String(fieldPath[missingFrom]), nested]]);
  }
  removeAnnotation(context, context.matchPath);
}

/** volume.beta.kubernetes.io/storage-class -> spec.storageClassName. */
export function migrateStorageClassAnnotation(context: MigrationContext): readonly string[] {
  const className = context.editor.string(context.matchPath);
  if (className === undefined) {
    throw new UnsafeMigration('the annotation value is not a string');
  }
  const owner = annotationOwner(context.matchPath);
  if (!isMap(context.editor.node([...owner, 'spec']))) {
    throw new UnsafeMigration('the claim has no spec map');
  }
  moveAnnotationToField(context, [...owner, 'spec', 'storageClassName'], className, (e) => e === className);
  return [];
}

/** seccomp / AppArmor annotation values -> a profile object. */
function profileFor(value: string, kind: 'seccomp' | 'apparmor'): Record<string, string> {
  if (value === 'runtime/default' || (kind === 'seccomp' && value === 'docker/default')) {
    return { type: 'RuntimeDefault' };
  }
  if (value === 'unconfined') {
    return { type: 'Unconfined' };
  }
  if (value.startsWith('localhost/') && value.length > 'localhost/'.length) {
    return { type: 'Localhost', localhostProfile: value.slice('localhost/'.length) };
  }
  throw new UnsafeMigration(`unknown profile value ${value}`);
}

function sameProfile(a: unknown, b: Record<string, string>): boolean {
  const record = asRecord(a);
  return record !== undefined && record.type === b.type && record.localhostProfile === b.localhostProfile;
}

function podSpecOf(context: MigrationContext, owner: Path): Path {
  const spec = [...owner, 'spec'];
  if (!isMap(context.editor.node(spec))) {
    throw new UnsafeMigration('the annotated object has no pod spec');
  }
  return spec;
}

function containerPath(context: MigrationContext, podSpec: Path, name: string): Path {
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    const containers = asArray(context.editor.value([...podSpec, list]));
    const index = containers.findIndex((c) => asRecord(c)?.name === name);
    if (index >= 0) {
      return [...podSpec, list, index];
    }
  }
  throw new UnsafeMigration(`no container named ${name}`);
}

/** seccomp and AppArmor annotations -> securityContext profile fields. */
export function migrateSecurityProfileAnnotation(kind: 'seccomp' | 'apparmor', scope: 'pod' | 'container'): (context: MigrationContext) => readonly string[] {
  return (context) => {
    const value = context.editor.string(context.matchPath);
    if (value === undefined) {
      throw new UnsafeMigration('the annotation value is not a string');
    }
    const profile = profileFor(value, kind);
    const podSpec = podSpecOf(context, annotationOwner(context.matchPath));
    let base = podSpec;
    if (scope === 'container') {
      const name = context.matchName.slice(context.matchName.indexOf('/') + 1);
      base = containerPath(context, podSpec, name);
    }
    const field = kind === 'seccomp' ? 'seccompProfile' : 'appArmorProfile';
    moveAnnotationToField(context, [...base, 'securityContext', field], profile, (e) => sameProfile(e, profile));
    return [`securityContext.${field} is set to ${profile.type}.`];
  };
}

/** An annotation key renamed with the same value; a copy already under the new key must agree. */
export function renameAnnotation(newKey: string): (context: MigrationContext) => readonly string[] {
  return (context) => {
    const editor = context.editor;
    const path = context.matchPath;
    const siblings = asRecord(editor.shape(path.slice(0, -1))) ?? {};
    if (siblings[newKey] !== undefined) {
      if (isTemplated(siblings[newKey]) || isTemplated(siblings[context.matchName]) || siblings[newKey] !== siblings[context.matchName]) {
        throw new UnsafeMigration(`${newKey} is already set, to a different or templated value`);
      }
      editor.removeEntry(path);
      return [`Removed ${context.matchName}; ${newKey} is already there.`];
    }
    editor.renameKey(path, newKey);
    return [];
  };
}

/** An object reference's apiVersion (e.g. an HPA's scaleTargetRef) moves to the served group. */
export function migrateReference(context: MigrationContext): readonly string[] {
  if (context.toApiVersion === undefined) {
    throw new UnsafeMigration('there is no replacement API version');
  }
  context.editor.setScalar(context.matchPath, context.toApiVersion);
  return [];
}

/**
 * A toleration of a renamed taint: a copy for the new key is added beside it, and the old one
 * stays, as nodes that have not been upgraded yet may still carry the old taint.
 */
export function tolerateBeside(newKey: string): (context: MigrationContext) => readonly string[] {
  return (context) => {
    const editor = context.editor;
    const tolerationPath = context.matchPath.slice(0, -1);
    const toleration = asRecord(editor.shape(tolerationPath));
    if (!toleration) {
      throw new UnsafeMigration('the toleration is not a map');
    }
    const item: Record<string, NewValue> = { key: newKey };
    for (const field of Object.keys(toleration)) {
      if (field !== 'key') {
        item[field] = editor.copy([...tolerationPath, field]);
      }
    }
    editor.appendItem(tolerationPath.slice(0, -1), item);
    return [`Added a toleration of ${newKey} beside the ${context.matchName} one, which nodes not yet upgraded may still carry.`];
  };
}
