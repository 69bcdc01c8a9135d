/**
 * Just enough of the Kubernetes protobuf encoding to read the request bodies that
 * client-go sends as `application/vnd.kubernetes.protobuf`: typed clients for
 * built-in types prefer protobuf, so `kubectl drain --disable-eviction` deletes
 * pods with a protobuf DeleteOptions body. Bodies are a 4-byte magic "k8s\0" then a
 * runtime.Unknown {typeMeta=1 {apiVersion=1, kind=2}, raw=2}; field numbers are
 * those of k8s.io/apimachinery's generated.proto files.
 */
import { ApiError } from './status';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

export type Field = { num: number; varint?: bigint; bytes?: Buffer };

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw ApiError.badRequest('truncated protobuf varint');
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

export function readFields(buf: Buffer): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const num = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) {
      const [value, p2] = readVarint(buf, pos);
      pos = p2;
      fields.push({ num, varint: value });
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      const end = p2 + Number(len);
      fields.push({ num, bytes: buf.subarray(p2, end) });
      pos = end;
    } else if (wire === 1) {
      pos += 8;
    } else if (wire === 5) {
      pos += 4;
    } else {
      throw ApiError.badRequest(`unsupported protobuf wire type ${wire}`);
    }
  }
  return fields;
}

export const str = (f: Field | undefined): string | undefined => f?.bytes?.toString('utf8');
export const first = (fields: Field[], num: number): Field | undefined => fields.find((f) => f.num === num);

function int64(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

export interface DecodedEnvelope {
  apiVersion: string;
  kind: string;
  raw: Buffer;
}

export function decodeEnvelope(body: Buffer): DecodedEnvelope {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) throw ApiError.badRequest('provided protobuf body does not start with the Kubernetes magic prefix');
  const unknown = readFields(body.subarray(4));
  const typeMeta = readFields(first(unknown, 1)?.bytes ?? Buffer.alloc(0));
  return {
    apiVersion: str(first(typeMeta, 1)) ?? '',
    kind: str(first(typeMeta, 2)) ?? '',
    raw: first(unknown, 2)?.bytes ?? Buffer.alloc(0),
  };
}

function decodeDeleteOptions(buf: Buffer): Record<string, unknown> {
  const fields = readFields(buf);
  const out: Record<string, unknown> = {};
  const grace = first(fields, 1);
  if (grace?.varint !== undefined) out.gracePeriodSeconds = int64(grace.varint);
  const pre = first(fields, 2);
  if (pre?.bytes) {
    const pf = readFields(pre.bytes);
    const p: Record<string, string> = {};
    const uid = str(first(pf, 1));
    const rv = str(first(pf, 2));
    if (uid !== undefined) p.uid = uid;
    if (rv !== undefined) p.resourceVersion = rv;
    out.preconditions = p;
  }
  const orphan = first(fields, 3);
  if (orphan?.varint !== undefined) out.orphanDependents = orphan.varint !== 0n;
  const policy = str(first(fields, 4));
  if (policy !== undefined) out.propagationPolicy = policy;
  const dryRun = fields.filter((f) => f.num === 5).map((f) => str(f) ?? '');
  if (dryRun.length > 0) out.dryRun = dryRun;
  return out;
}

function decodeObjectMetaNames(buf: Buffer): Record<string, unknown> {
  const fields = readFields(buf);
  const out: Record<string, unknown> = {};
  const name = str(first(fields, 1));
  const ns = str(first(fields, 3));
  if (name !== undefined) out.name = name;
  if (ns !== undefined) out.namespace = ns;
  return out;
}

function strings(buf: Buffer, names: readonly (string | undefined)[]): Record<string, string> {
  const fields = readFields(buf);
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = name ? str(first(fields, i + 1)) : undefined;
    if (name && value !== undefined && value !== '') out[name] = value;
  });
  return out;
}

/** authorization/v1 SelfSubjectAccessReview: spec=2 {resourceAttributes=1, nonResourceAttributes=2}. */
function decodeAccessReview(raw: Buffer): Record<string, unknown> {
  const specBytes = first(readFields(raw), 2)?.bytes;
  const spec: Record<string, unknown> = {};
  if (specBytes) {
    const fields = readFields(specBytes);
    const res = first(fields, 1)?.bytes;
    const nonRes = first(fields, 2)?.bytes;
    if (res) spec.resourceAttributes = strings(res, ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name']);
    if (nonRes) spec.nonResourceAttributes = strings(nonRes, ['path', 'verb']);
  }
  return { spec };
}

/**
 * Decodes the protobuf bodies the simulator accepts (DeleteOptions, Eviction and
 * the self reviews behind `kubectl auth can-i` and `kubectl auth whoami`)
 * into their JSON form; anything else is refused with 415 like an unknown type.
 */
export function decodeProtobufBody(body: Buffer): Record<string, unknown> {
  const env = decodeEnvelope(body);
  if (env.kind === 'DeleteOptions') {
    return { kind: 'DeleteOptions', apiVersion: env.apiVersion, ...decodeDeleteOptions(env.raw) };
  }
  if (env.kind === 'Eviction') {
    const fields = readFields(env.raw);
    const out: Record<string, unknown> = { kind: 'Eviction', apiVersion: env.apiVersion };
    const meta = first(fields, 1);
    out.metadata = meta?.bytes ? decodeObjectMetaNames(meta.bytes) : {};
    const del = first(fields, 2);
    if (del?.bytes) out.deleteOptions = decodeDeleteOptions(del.bytes);
    return out;
  }
  if (env.kind === 'SelfSubjectAccessReview') return { kind: env.kind, apiVersion: env.apiVersion, ...decodeAccessReview(env.raw) };
  if (env.kind === 'SelfSubjectRulesReview') {
    const specBytes = first(readFields(env.raw), 2)?.bytes;
    return { kind: env.kind, apiVersion: env.apiVersion, spec: specBytes ? strings(specBytes, ['namespace']) : {} };
  }
  if (env.kind === 'SelfSubjectReview') return { kind: env.kind, apiVersion: env.apiVersion, metadata: {} };
  throw new ApiError(415, 'UnsupportedMediaType', `the simulator cannot decode protobuf bodies of kind ${env.kind || '(unknown)'}; send JSON`);
}

// Encoding helpers, for unit tests that check the decoder against the wire format.
function varint(n: bigint): Buffer {
  const bytes: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    bytes.push(b);
  } while (v !== 0n);
  return Buffer.from(bytes);
}

export function encodeField(num: number, value: Buffer | string | bigint): Buffer {
  if (typeof value === 'bigint') return Buffer.concat([varint(BigInt(num << 3)), varint(value)]);
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([varint(BigInt((num << 3) | 2)), varint(BigInt(bytes.length)), bytes]);
}

export function encodeEnvelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = Buffer.concat([encodeField(1, apiVersion), encodeField(2, kind)]);
  return Buffer.concat([Buffer.from(MAGIC), encodeField(1, typeMeta), encodeField(2, raw)]);
}
