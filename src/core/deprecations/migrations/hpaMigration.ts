import type { Path } from '../../manifests/manifestObjects';
import type { NewValue } from './manifestEditor';
import { asArray, asRecord, at, isTemplated, setApiVersion, type MigrationContext } from './migrationContext';
import { UnsafeMigration } from './unsafeMigration';

type Entry = [string, NewValue];

function target(context: MigrationContext, source: Path, values: Record<string, unknown>): Entry {
  const copy = (key: string): NewValue => context.editor.copy([...source, key]);
  if (values.targetAverageUtilization !== undefined) {
    return ['target', { type: 'Utilization', averageUtilization: copy('targetAverageUtilization') }];
  }
  if (values.targetAverageValue !== undefined) {
    return ['target', { type: 'AverageValue', averageValue: copy('targetAverageValue') }];
  }
  if (values.targetValue !== undefined) {
    return ['target', { type: 'Value', value: copy('targetValue') }];
  }
  if (values.averageValue !== undefined) {
    return ['target', { type: 'AverageValue', averageValue: copy('averageValue') }];
  }
  throw new UnsafeMigration('a metric has no target value');
}

function metricIdentifier(context: MigrationContext, source: Path, values: Record<string, unknown>, selectorKey: string): Entry {
  const metric: Record<string, NewValue> = { name: context.editor.copy([...source, 'metricName']) };
  if (values[selectorKey] !== undefined) {
    metric.selector = context.editor.copy([...source, selectorKey]);
  }
  return ['metric', metric];
}

const OLD_TARGET_KEYS = ['targetAverageUtilization', 'targetAverageValue', 'targetValue', 'averageValue'];

function migrateMetric(context: MigrationContext, metricPath: Path, metric: Record<string, unknown>): void {
  const editor = context.editor;
  const type = metric.type;
  if (isTemplated(type)) {
    throw new UnsafeMigration('a metric type comes from a Helm template expression');
  }
  if (typeof type !== 'string' || type === '') {
    throw new UnsafeMigration('a metric has no type');
  }
  const sourceKey = type.charAt(0).toLowerCase() + type.slice(1);
  const source = [...metricPath, sourceKey];
  const values = asRecord(metric[sourceKey]);
  if (!values) {
    throw new UnsafeMigration(`metric type ${type} has no ${sourceKey} block`);
  }
  if (values.target !== undefined && asRecord(values.target)?.type !== undefined) {
    return; // already in the v2 shape
  }
  switch (type) {
    case 'Resource':
    case 'ContainerResource':
      editor.replaceEntries(source, OLD_TARGET_KEYS, [target(context, source, values)]);
      return;
    case 'Pods':
      if (typeof values.metricName !== 'string') {
        throw new UnsafeMigration('a Pods metric has no metricName');
      }
      editor.replaceEntries(source, ['metricName', 'selector', ...OLD_TARGET_KEYS], [metricIdentifier(context, source, values, 'selector'), target(context, source, values)]);
      return;
    case 'Object': {
      if (typeof values.metricName !== 'string' || asRecord(values.target) === undefined) {
        throw new UnsafeMigration('an Object metric needs metricName and target');
      }
      editor.replaceEntries(source, ['target', 'metricName', 'selector', ...OLD_TARGET_KEYS], [
        ['describedObject', editor.copy([...source, 'target'])],
        metricIdentifier(context, source, values, 'selector'),
        target(context, source, values),
      ]);
      return;
    }
    case 'External':
      if (typeof values.metricName !== 'string') {
        throw new UnsafeMigration('an External metric has no metricName');
      }
      editor.replaceEntries(source, ['metricName', 'metricSelector', ...OLD_TARGET_KEYS], [metricIdentifier(context, source, values, 'metricSelector'), target(context, source, values)]);
      return;
    default:
      throw new UnsafeMigration(`unknown metric type ${type}`);
  }
}

/** HorizontalPodAutoscaler autoscaling/v2beta1 -> autoscaling/v2: metric targets move into target objects. */
export function migrateHpaV2beta1(context: MigrationContext): readonly string[] {
  const metricsPath = at(context, 'spec', 'metrics');
  // metric values are moved unchanged, so they may come from templates; the metric types may not
  const metrics = asArray(context.editor.shape(metricsPath));
  setApiVersion(context);
  metrics.forEach((metric, index) => {
    const record = asRecord(metric);
    if (!record) {
      throw new UnsafeMigration('a metric is not a map');
    }
    migrateMetric(context, [...metricsPath, index], record);
  });
  return metrics.length > 0 ? ['Metric targets are rewritten to the target: {type, value} form.'] : [];
}
