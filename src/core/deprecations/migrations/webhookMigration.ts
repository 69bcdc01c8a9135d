import type { NewValue } from './manifestEditor';
import { asArray, asRecord, at, isTemplated, setApiVersion, type MigrationContext } from './migrationContext';
import { UnsafeMigration } from './unsafeMigration';

const ALLOWED_SIDE_EFFECTS = new Set(['None', 'NoneOnDryRun']);

/** The v1beta1 defaults that v1 changed or dropped; pinning them keeps the webhook's behaviour. */
const OLD_DEFAULTS: readonly [string, NewValue][] = [
  ['admissionReviewVersions', ['v1beta1']],
  ['failurePolicy', 'Ignore'],
  ['matchPolicy', 'Exact'],
  ['timeoutSeconds', 30],
];

/** Mutating/ValidatingWebhookConfiguration admissionregistration.k8s.io/v1beta1 -> v1. */
export function migrateWebhooks(context: MigrationContext): readonly string[] {
  const editor = context.editor;
  const webhooksPath = at(context, 'webhooks');
  // templated client configs, rules and selectors stay as written; the decisions need literals
  const webhooks = asArray(editor.shape(webhooksPath)).map((w) => asRecord(w) ?? {});
  const names = webhooks.map((w) => w.name);
  if (webhooks.length > 1 && names.some(isTemplated)) {
    throw new UnsafeMigration('webhook names must be unique in admissionregistration.k8s.io/v1, and some come from Helm template expressions');
  }
  if (new Set(names).size !== names.length) {
    throw new UnsafeMigration('webhook names must be unique in admissionregistration.k8s.io/v1');
  }
  webhooks.forEach((webhook) => {
    const sideEffects = webhook.sideEffects;
    if (isTemplated(sideEffects)) {
      throw new UnsafeMigration('sideEffects comes from a Helm template expression; v1 only accepts None or NoneOnDryRun');
    }
    if (typeof sideEffects !== 'string' || !ALLOWED_SIDE_EFFECTS.has(sideEffects)) {
      throw new UnsafeMigration(`webhook ${String(webhook.name)} has sideEffects ${sideEffects === undefined ? 'unset (Unknown)' : String(sideEffects)}; v1 only accepts None or NoneOnDryRun, and only the webhook's author knows which is true`);
    }
  });
  setApiVersion(context);
  const pinned = new Set<string>();
  webhooks.forEach((webhook, index) => {
    const missing = OLD_DEFAULTS.filter(([key]) => webhook[key] === undefined);
    missing.forEach(([key]) => pinned.add(key));
    editor.addEntries([...webhooksPath, index], missing);
  });
  return pinned.size > 0 ? [`Pinned the old defaults for ${[...pinned].join(', ')} so the webhooks behave as before.`] : [];
}
