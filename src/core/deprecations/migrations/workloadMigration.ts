import type { NewValue } from './manifestEditor';
import { asRecord, at, setApiVersion, type MigrationContext } from './migrationContext';
import { UnsafeMigration } from './unsafeMigration';

/** Fields the apps/v1 schema no longer has. */
const DROPPED_FIELDS = ['rollbackTo', 'templateGeneration'];

/** Old API versions whose update strategy defaulted to OnDelete. */
const ON_DELETE_DEFAULT = new Set(['extensions/v1beta1 DaemonSet', 'apps/v1beta1 StatefulSet']);

/** Deployment, DaemonSet, StatefulSet, ReplicaSet from extensions or apps betas -> apps/v1. */
export function migrateWorkload(context: MigrationContext): readonly string[] {
  const editor = context.editor;
  const notes: string[] = [];
  const spec = at(context, 'spec');
  // templated values are moved unchanged (the selector is copied from the template labels);
  // the decisions below only look at which fields exist
  const specValue = asRecord(editor.shape(spec));
  if (!specValue) {
    throw new UnsafeMigration('the object has no spec map');
  }
  setApiVersion(context);
  const entries: [string, NewValue][] = [];
  if (specValue.selector === undefined) {
    const labelsPath = [...spec, 'template', 'metadata', 'labels'];
    const labels = asRecord(editor.shape(labelsPath));
    if (!labels || Object.keys(labels).length === 0) {
      throw new UnsafeMigration('spec.selector is required in apps/v1 and the pod template has no labels to copy');
    }
    entries.push(['selector', { matchLabels: editor.copy(labelsPath) }]);
    notes.push('spec.selector.matchLabels is copied from the pod template labels.');
  }
  if (ON_DELETE_DEFAULT.has(`${context.apiVersion} ${context.kind}`) && specValue.updateStrategy === undefined) {
    entries.push(['updateStrategy', { type: 'OnDelete' }]);
    notes.push('updateStrategy OnDelete is pinned because it was the old default.');
  }
  const dropped = DROPPED_FIELDS.filter((field) => specValue[field] !== undefined);
  if (dropped.length > 0) {
    editor.replaceEntries(spec, dropped, entries);
    notes.push(`Removed ${dropped.map((f) => `spec.${f}`).join(', ')}, which apps/v1 does not have.`);
  } else {
    editor.addEntries(spec, entries);
  }
  return notes;
}
