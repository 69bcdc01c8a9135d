/**
 * Protobuf bodies of the objects `kubectl create namespace|deployment|configmap|secret|pdb|serviceaccount`
 * send (client-go's typed clients encode built-in kinds as protobuf), decoded
 * into the JSON objects the rest of the simulator works with. Field numbers are
 * those of k8s.io/api's generated.proto files. Go's encoder writes empty strings,
 * zero numbers and false booleans of non-pointer fields; they are dropped here as
 * JSON's omitempty would drop them. Fields kubectl's generators never set are
 * not decoded.
 */
import { decodeEnvelope, first, readFields, str, type Field } from '../protobuf';

type Obj = Record<string, unknown>;

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);
const all = (fields: Field[], num: number): Field[] => fields.filter((f) => f.num === num);
const strings = (fields: Field[], num: number): string[] => all(fields, num).map((f) => str(f) ?? '');
const int = (f: Field | undefined): number | undefined => (f?.varint === undefined ? undefined : Number(BigInt.asIntN(64, f.varint)));

function put(out: Obj, key: string, value: unknown): void {
  if (value === undefined) return;
  if (Array.isArray(value) && value.length === 0) return;
  out[key] = value;
}

/** A `map<string, string>` (or bytes, as base64) field: repeated entries {key=1, value=2}. */
function map(fields: Field[], num: number, bytesAsBase64 = false): Record<string, string> | undefined {
  const entries = all(fields, num);
  if (entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const kv = readFields(e.bytes ?? Buffer.alloc(0));
    const value = first(kv, 2)?.bytes ?? Buffer.alloc(0);
    out[str(first(kv, 1)) ?? ''] = bytesAsBase64 ? value.toString('base64') : value.toString('utf8');
  }
  return out;
}

/** A map of resource quantities: values are Quantity messages {string=1}. */
function quantities(fields: Field[], num: number): Record<string, string> | undefined {
  const entries = all(fields, num);
  if (entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const kv = readFields(e.bytes ?? Buffer.alloc(0));
    const q = first(kv, 2)?.bytes;
    out[str(first(kv, 1)) ?? ''] = q ? (str(first(readFields(q), 1)) ?? '') : '';
  }
  return out;
}

const sub = (fields: Field[], num: number): Field[] | undefined => {
  const f = first(fields, num);
  return f?.bytes ? readFields(f.bytes) : undefined;
};

/** meta/v1 ObjectMeta: name=1, generateName=2, namespace=3, resourceVersion=6, labels=11, annotations=12, finalizers=14. */
export function decodeObjectMeta(f: Field[]): Obj {
  const out: Obj = {};
  put(out, 'name', nonEmpty(str(first(f, 1))));
  put(out, 'generateName', nonEmpty(str(first(f, 2))));
  put(out, 'namespace', nonEmpty(str(first(f, 3))));
  put(out, 'resourceVersion', nonEmpty(str(first(f, 6))));
  put(out, 'labels', map(f, 11));
  put(out, 'annotations', map(f, 12));
  put(out, 'finalizers', strings(f, 14));
  return out;
}

/** meta/v1 LabelSelector: matchLabels=1, matchExpressions=2 {key=1, operator=2, values=3}. */
function decodeLabelSelector(f: Field[]): Obj {
  const out: Obj = {};
  put(out, 'matchLabels', map(f, 1));
  put(
    out,
    'matchExpressions',
    all(f, 2).map((e) => {
      const x = readFields(e.bytes ?? Buffer.alloc(0));
      const req: Obj = { key: str(first(x, 1)) ?? '', operator: str(first(x, 2)) ?? '' };
      put(req, 'values', strings(x, 3));
      return req;
    }),
  );
  return out;
}

/** core/v1 Container: name=1, image=2, command=3, args=4, workingDir=5, ports=6, env=7, resources=8, imagePullPolicy=14. */
function decodeContainer(f: Field[]): Obj {
  const out: Obj = {};
  put(out, 'name', str(first(f, 1)) ?? '');
  put(out, 'image', nonEmpty(str(first(f, 2))));
  put(out, 'command', strings(f, 3));
  put(out, 'args', strings(f, 4));
  put(out, 'workingDir', nonEmpty(str(first(f, 5))));
  put(
    out,
    'ports',
    all(f, 6).map((p) => {
      const x = readFields(p.bytes ?? Buffer.alloc(0));
      const port: Obj = {};
      put(port, 'name', nonEmpty(str(first(x, 1))));
      const hostPort = int(first(x, 2));
      if (hostPort) port.hostPort = hostPort;
      port.containerPort = int(first(x, 3)) ?? 0;
      put(port, 'protocol', nonEmpty(str(first(x, 4))));
      return port;
    }),
  );
  put(
    out,
    'env',
    all(f, 7).map((e) => {
      const x = readFields(e.bytes ?? Buffer.alloc(0));
      const env: Obj = { name: str(first(x, 1)) ?? '' };
      put(env, 'value', nonEmpty(str(first(x, 2))));
      return env;
    }),
  );
  const res = sub(f, 8);
  const resources: Obj = {};
  if (res) {
    put(resources, 'limits', quantities(res, 1));
    put(resources, 'requests', quantities(res, 2));
  }
  out.resources = resources;
  put(out, 'terminationMessagePath', nonEmpty(str(first(f, 13))));
  put(out, 'imagePullPolicy', nonEmpty(str(first(f, 14))));
  return out;
}

/** core/v1 PodSpec: containers=2, restartPolicy=3, terminationGracePeriodSeconds=4, dnsPolicy=6, nodeSelector=7, serviceAccountName=8, nodeName=10, hostNetwork=11, schedulerName=19, initContainers=20, priorityClassName=24. */
function decodePodSpec(f: Field[]): Obj {
  const out: Obj = {};
  const containers = (num: number): Obj[] => all(f, num).map((c) => decodeContainer(readFields(c.bytes ?? Buffer.alloc(0))));
  put(out, 'initContainers', containers(20));
  out.containers = containers(2);
  put(out, 'restartPolicy', nonEmpty(str(first(f, 3))));
  put(out, 'terminationGracePeriodSeconds', int(first(f, 4)));
  put(out, 'dnsPolicy', nonEmpty(str(first(f, 6))));
  put(out, 'nodeSelector', map(f, 7));
  put(out, 'serviceAccountName', nonEmpty(str(first(f, 8))));
  put(out, 'nodeName', nonEmpty(str(first(f, 10))));
  if (first(f, 11)?.varint) out.hostNetwork = true;
  put(out, 'schedulerName', nonEmpty(str(first(f, 19))));
  put(out, 'priorityClassName', nonEmpty(str(first(f, 24))));
  return out;
}

function decodePodTemplate(f: Field[]): Obj {
  return { metadata: decodeObjectMeta(sub(f, 1) ?? []), spec: decodePodSpec(sub(f, 2) ?? []) };
}

/** util/intstr IntOrString: type=1 (0 int, 1 string), intVal=2, strVal=3. */
function decodeIntOrString(f: Field[]): number | string {
  return int(first(f, 1)) === 1 ? (str(first(f, 3)) ?? '') : (int(first(f, 2)) ?? 0);
}

/** apps/v1 DeploymentSpec: replicas=1, selector=2, template=3, strategy=4, minReadySeconds=5, revisionHistoryLimit=6, paused=7, progressDeadlineSeconds=9. */
function decodeDeploymentSpec(f: Field[]): Obj {
  const out: Obj = {};
  put(out, 'replicas', int(first(f, 1)));
  const selector = sub(f, 2);
  if (selector) out.selector = decodeLabelSelector(selector);
  out.template = decodePodTemplate(sub(f, 3) ?? []);
  const strategy: Obj = {};
  const st = sub(f, 4);
  if (st) {
    put(strategy, 'type', nonEmpty(str(first(st, 1))));
    const ru = sub(st, 2);
    if (ru) {
      const rolling: Obj = {};
      const mu = sub(ru, 1);
      const ms = sub(ru, 2);
      if (mu) rolling.maxUnavailable = decodeIntOrString(mu);
      if (ms) rolling.maxSurge = decodeIntOrString(ms);
      strategy.rollingUpdate = rolling;
    }
  }
  out.strategy = strategy;
  const minReady = int(first(f, 5));
  if (minReady) out.minReadySeconds = minReady;
  put(out, 'revisionHistoryLimit', int(first(f, 6)));
  if (first(f, 7)?.varint) out.paused = true;
  put(out, 'progressDeadlineSeconds', int(first(f, 9)));
  return out;
}

type Decoder = (raw: Field[]) => Obj;

const DECODERS: Record<string, Decoder> = {
  'v1/Namespace': (f) => {
    const spec = sub(f, 2);
    const out: Obj = { metadata: decodeObjectMeta(sub(f, 1) ?? []), spec: {}, status: {} };
    if (spec) put(out.spec as Obj, 'finalizers', strings(spec, 1));
    return out;
  },
  'v1/ConfigMap': (f) => {
    const out: Obj = { metadata: decodeObjectMeta(sub(f, 1) ?? []) };
    put(out, 'data', map(f, 2));
    put(out, 'binaryData', map(f, 3, true));
    const immutable = first(f, 4);
    if (immutable?.varint !== undefined) out.immutable = immutable.varint !== 0n;
    return out;
  },
  'v1/Secret': (f) => {
    const out: Obj = { metadata: decodeObjectMeta(sub(f, 1) ?? []) };
    put(out, 'data', map(f, 2, true));
    put(out, 'type', nonEmpty(str(first(f, 3))));
    put(out, 'stringData', map(f, 4));
    const immutable = first(f, 5);
    if (immutable?.varint !== undefined) out.immutable = immutable.varint !== 0n;
    return out;
  },
  'v1/ServiceAccount': (f) => ({ metadata: decodeObjectMeta(sub(f, 1) ?? []) }),
  /** policy/v1 PodDisruptionBudgetSpec: minAvailable=1, selector=2, maxUnavailable=3, unhealthyPodEvictionPolicy=4. */
  'policy/v1/PodDisruptionBudget': (f) => {
    const spec: Obj = {};
    const sf = sub(f, 2) ?? [];
    const min = sub(sf, 1);
    if (min) spec.minAvailable = decodeIntOrString(min);
    const selector = sub(sf, 2);
    if (selector) spec.selector = decodeLabelSelector(selector);
    const max = sub(sf, 3);
    if (max) spec.maxUnavailable = decodeIntOrString(max);
    put(spec, 'unhealthyPodEvictionPolicy', nonEmpty(str(first(sf, 4))));
    return { metadata: decodeObjectMeta(sub(f, 1) ?? []), spec, status: {} };
  },
  'apps/v1/Deployment': (f) => ({ metadata: decodeObjectMeta(sub(f, 1) ?? []), spec: decodeDeploymentSpec(sub(f, 2) ?? []), status: {} }),
};

/** The JSON form of a protobuf object body, or undefined when its kind is not one decoded here. */
export function decodeProtobufObject(body: Buffer): Obj | undefined {
  const env = decodeEnvelope(body);
  const decode = DECODERS[`${env.apiVersion}/${env.kind}`];
  if (!decode) return undefined;
  return { kind: env.kind, apiVersion: env.apiVersion, ...decode(readFields(env.raw)) };
}
