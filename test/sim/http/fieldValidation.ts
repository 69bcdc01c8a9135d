/**
 * Server-side field validation (the `fieldValidation` query parameter): with
 * Strict, a body with fields the kind's schema does not know is refused with
 * kube-apiserver's strict decoding error; with Warn it is accepted with one
 * `Warning` header per field. Open parts of a schema accept anything. Without the
 * parameter nothing is checked (kube-apiserver would warn).
 */
import type { ServerResponse } from 'node:http';
import type { ServedResource } from '../apiCatalog';
import { ApiError } from '../status';
import { isRecord } from '../types';
import { schemaNameOf } from './openapi';
import { SCHEMAS, type Prop } from './openapiSchemas';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationOf(query: URLSearchParams): FieldValidation | undefined {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return undefined;
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw ApiError.badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
}

/** Paths of the fields in `value` that schema `name` does not define ("spec.foo", "spec.containers[0].bar"). */
export function unknownFields(name: string, value: unknown, prefix = ''): string[] {
  const schema = SCHEMAS[name];
  if (!schema || !isRecord(value)) return [];
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('$')) continue; // strategic merge patch directives
    const path = `${prefix}${key}`;
    const prop = schema.properties[key];
    if (!prop) out.push(path);
    else out.push(...unknownInProp(prop, v, path));
  }
  return out;
}

function unknownInProp(prop: Prop, value: unknown, path: string): string[] {
  if (prop.type === 'ref') return unknownFields(prop.ref, value, `${path}.`);
  if (prop.type === 'array' && Array.isArray(value)) return value.flatMap((v, i) => unknownInProp(prop.items, v, `${path}[${i}]`));
  return [];
}

/** Applies the requested field validation to a body written to `served`. */
export function validateFields(served: ServedResource, body: unknown, query: URLSearchParams, res: ServerResponse): void {
  const mode = fieldValidationOf(query);
  if (mode === undefined || mode === 'Ignore') return;
  const unknown = unknownFields(schemaNameOf(served), body);
  if (unknown.length === 0) return;
  if (mode === 'Strict') {
    const { kind } = served.def;
    throw ApiError.badRequest(`${kind} in version "${served.version}" cannot be handled as a ${kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  res.setHeader('Warning', unknown.map((f) => `299 - "unknown field \\"${f}\\""`));
}
