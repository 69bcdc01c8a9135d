import type { NewValue } from './manifestEditor';
import { asArray, asRecord, at, setApiVersion, type MigrationContext } from './migrationContext';
import { UnsafeMigration } from './unsafeMigration';

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';

/** A schema node is structural enough when it, and everything below it, states a type. */
function checkStructural(schema: unknown, where: string, depth = 0): void {
  const node = asRecord(schema);
  if (!node || depth > 64) {
    throw new UnsafeMigration(`the schema at ${where} is not a map`);
  }
  if (node.type === undefined && node['x-kubernetes-int-or-string'] !== true && node[PRESERVE] !== true) {
    throw new UnsafeMigration(`the schema at ${where} has no type, so it is not a structural schema`);
  }
  const properties = asRecord(node.properties);
  for (const [name, child] of Object.entries(properties ?? {})) {
    checkStructural(child, `${where}.properties.${name}`, depth + 1);
  }
  if (node.items !== undefined) {
    checkStructural(node.items, `${where}.items`, depth + 1);
  }
  const additional = node.additionalProperties;
  if (additional !== undefined && typeof additional !== 'boolean') {
    checkStructural(additional, `${where}.additionalProperties`, depth + 1);
  }
}

function toNewValue(value: unknown): NewValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(toNewValue);
  }
  const record = asRecord(value);
  if (record) {
    const out: Record<string, NewValue> = {};
    for (const [k, v] of Object.entries(record)) {
      out[k] = toNewValue(v);
    }
    return out;
  }
  throw new UnsafeMigration('the CRD holds a value that cannot be written back');
}

function printerColumns(columns: unknown): NewValue | undefined {
  const list = asArray(columns);
  if (list.length === 0) {
    return undefined;
  }
  return list.map((column) => {
    const record = { ...(asRecord(column) ?? {}) };
    if (record.JSONPath !== undefined) {
      record.jsonPath = record.JSONPath;
      delete record.JSONPath;
    }
    return toNewValue(record);
  });
}

/** CustomResourceDefinition apiextensions.k8s.io/v1beta1 -> v1. */
export function migrateCrd(context: MigrationContext): readonly string[] {
  const editor = context.editor;
  const specPath = at(context, 'spec');
  const spec = asRecord(editor.value(specPath));
  if (!spec) {
    throw new UnsafeMigration('the CRD has no spec');
  }
  const notes: string[] = [];
  // v1beta1 kept unknown fields unless preserveUnknownFields was explicitly false
  const preserve = spec.preserveUnknownFields !== false;
  const topSchema = asRecord(spec.validation)?.openAPIV3Schema;
  const declared = asArray(spec.versions).map((v) => asRecord(v) ?? {});
  const versions = declared.length > 0 ? declared : typeof spec.version === 'string' ? [{ name: spec.version, served: true, storage: true }] : [];
  if (versions.length === 0) {
    throw new UnsafeMigration('the CRD declares no version');
  }
  const newVersions = versions.map((version) => {
    const ownSchema = asRecord(version.schema)?.openAPIV3Schema;
    let schema = asRecord(ownSchema ?? topSchema);
    if (schema) {
      schema = { ...schema };
      if (preserve && schema[PRESERVE] === undefined) {
        schema[PRESERVE] = true;
      }
    } else {
      schema = { type: 'object', [PRESERVE]: true };
    }
    checkStructural(schema, `versions[${String(version.name)}].schema.openAPIV3Schema`);
    const entry: Record<string, NewValue> = {};
    for (const [k, v] of Object.entries(version)) {
      if (k !== 'schema' && k !== 'subresources' && k !== 'additionalPrinterColumns') {
        entry[k] = toNewValue(v);
      }
    }
    entry.schema = { openAPIV3Schema: toNewValue(schema) };
    const subresources = version.subresources ?? spec.subresources;
    if (subresources !== undefined) {
      entry.subresources = toNewValue(subresources);
    }
    const columns = printerColumns(version.additionalPrinterColumns ?? spec.additionalPrinterColumns);
    if (columns !== undefined) {
      entry.additionalPrinterColumns = columns;
    }
    return entry;
  });
  if (preserve) {
    notes.push(`${PRESERVE}: true is added at the schema root because v1beta1 kept unknown fields; remove it once the schema is complete.`);
  }
  const entries: [string, NewValue][] = [];
  if (spec.scope === undefined) {
    entries.push(['scope', 'Namespaced']);
    notes.push('spec.scope is set to Namespaced, the old default.');
  }
  entries.push(['versions', newVersions]);
  setApiVersion(context);
  editor.replaceEntries(specPath, ['version', 'versions', 'validation', 'subresources', 'additionalPrinterColumns', 'preserveUnknownFields'], entries);
  const conversion = asRecord(spec.conversion);
  if (conversion && (conversion.webhookClientConfig !== undefined || conversion.conversionReviewVersions !== undefined)) {
    const conversionPath = [...specPath, 'conversion'];
    const webhook: Record<string, NewValue> = {};
    if (conversion.webhookClientConfig !== undefined) {
      webhook.clientConfig = editor.copy([...conversionPath, 'webhookClientConfig']);
    }
    webhook.conversionReviewVersions = conversion.conversionReviewVersions !== undefined ? editor.copy([...conversionPath, 'conversionReviewVersions']) : ['v1beta1'];
    editor.replaceEntries(conversionPath, ['webhookClientConfig', 'conversionReviewVersions'], [['webhook', webhook]]);
  }
  notes.push('Schemas, subresources and printer columns are rewritten under each version; comments inside them are not kept.');
  return notes;
}
