import type { Path } from '../../manifests/manifestObjects';
import { asArray, asRecord, at, isTemplated, removeAnnotation, setApiVersion, type MigrationContext } from './migrationContext';
import { UnsafeMigration } from './unsafeMigration';

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** serviceName/servicePort -> service.name and service.port.number|name. */
function migrateBackend(context: MigrationContext, backendPath: Path): void {
  const editor = context.editor;
  // the service name is moved unchanged, so it may come from a template
  const backend = asRecord(editor.shape(backendPath));
  if (!backend || (!('serviceName' in backend) && !('servicePort' in backend))) {
    return;
  }
  if (!('serviceName' in backend) || !('servicePort' in backend)) {
    throw new UnsafeMigration('a backend has only one of serviceName and servicePort');
  }
  const port = backend.servicePort;
  let portValue;
  if (isTemplated(port)) {
    throw new UnsafeMigration('servicePort comes from a Helm template expression, so it is unknown whether it becomes port.number or port.name');
  }
  if (typeof port === 'number') {
    portValue = { number: editor.copy([...backendPath, 'servicePort']) };
  } else if (typeof port === 'string' && !/^\d+$/.test(port)) {
    portValue = { name: editor.copy([...backendPath, 'servicePort']) };
  } else {
    throw new UnsafeMigration(`servicePort ${JSON.stringify(port)} is neither a number nor a port name`);
  }
  editor.replaceEntries(backendPath, ['serviceName', 'servicePort'], [
    ['service', { name: editor.copy([...backendPath, 'serviceName']), port: portValue }],
  ]);
}

/** Ingress extensions/v1beta1 or networking.k8s.io/v1beta1 -> networking.k8s.io/v1. */
export function migrateIngress(context: MigrationContext): readonly string[] {
  const editor = context.editor;
  const notes: string[] = [];
  setApiVersion(context);
  const spec = at(context, 'spec');
  if (editor.has([...spec, 'backend'])) {
    editor.renameKey([...spec, 'backend'], 'defaultBackend');
    migrateBackend(context, [...spec, 'backend']);
  }
  asArray(editor.shape([...spec, 'rules'])).forEach((rule, ruleIndex) => {
    const http = asRecord(asRecord(rule)?.http);
    asArray(http?.paths).forEach((entry, pathIndex) => {
      const pathEntry = [...spec, 'rules', ruleIndex, 'http', 'paths', pathIndex];
      migrateBackend(context, [...pathEntry, 'backend']);
      if (!asRecord(entry) || !('pathType' in (asRecord(entry) ?? {}))) {
        editor.addEntries(pathEntry, [['pathType', 'ImplementationSpecific']]);
      }
    });
  });
  const annotation = at(context, 'metadata', 'annotations', CLASS_ANNOTATION);
  const className = editor.has(annotation) ? editor.shape(annotation) : undefined;
  if (isTemplated(className)) {
    // moved unchanged: the chart renders the same class name into the field
    if (editor.has([...spec, 'ingressClassName'])) {
      throw new UnsafeMigration('spec.ingressClassName is set beside a templated kubernetes.io/ingress.class annotation');
    }
    editor.addEntries(spec, [['ingressClassName', editor.copy(annotation)]]);
    removeAnnotation(context, annotation);
    notes.push('spec.ingressClassName takes the templated class name from the annotation; an IngressClass of that name must exist.');
  } else if (typeof className === 'string') {
    const existing = editor.string([...spec, 'ingressClassName']);
    if (existing !== undefined && existing !== className) {
      throw new UnsafeMigration('spec.ingressClassName and the kubernetes.io/ingress.class annotation disagree');
    }
    if (existing === undefined) {
      editor.addEntries(spec, [['ingressClassName', className]]);
    }
    removeAnnotation(context, annotation);
    notes.push(`spec.ingressClassName is set from the annotation; an IngressClass named ${className} must exist.`);
  } else if (className !== undefined) {
    throw new UnsafeMigration('the kubernetes.io/ingress.class annotation is not a string');
  }
  notes.push('Paths without a pathType get ImplementationSpecific, which keeps the v1beta1 matching.');
  return notes;
}

/** The ingress.class annotation on an Ingress that already supports spec.ingressClassName. */
export function migrateIngressClassAnnotation(context: MigrationContext): readonly string[] {
  if (context.apiVersion === 'extensions/v1beta1') {
    throw new UnsafeMigration('migrate the Ingress to networking.k8s.io/v1 first, which moves the class annotation to spec.ingressClassName as well');
  }
  const editor = context.editor;
  const annotation = context.matchPath;
  const className = editor.string(annotation);
  if (className === undefined) {
    throw new UnsafeMigration('the annotation value is not a string');
  }
  const spec = at(context, 'spec');
  const existing = editor.string([...spec, 'ingressClassName']);
  if (existing !== undefined && existing !== className) {
    throw new UnsafeMigration('spec.ingressClassName and the annotation disagree');
  }
  if (existing === undefined) {
    editor.addEntries(spec, [['ingressClassName', className]]);
  }
  removeAnnotation(context, annotation);
  return [`An IngressClass named ${className} must exist.`];
}
