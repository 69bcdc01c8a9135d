/**
 * Label and field selectors in the query-string syntax of the API server
 * (`app=web,tier!=db,env in (a,b),!legacy`), and matching of metav1.LabelSelector.
 */
import { ApiError } from './status';
import type { KubeObject, LabelSelector } from './types';

export type LabelRequirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/** Split on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t.length > 0);
}

const SET_RE = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQ_RE = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s]*)$/;
const KEY_RE = /^(!?)([^\s!=()]+)$/;

export function parseLabelSelector(text: string | null | undefined): LabelRequirement[] {
  if (!text) return [];
  return splitTerms(text).map((term) => {
    let m = SET_RE.exec(term);
    if (m) {
      const values = m[3]!.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
      return { key: m[1]!, op: m[2] === 'in' ? 'in' : 'notin', values };
    }
    m = EQ_RE.exec(term);
    if (m) return { key: m[1]!, op: m[2] === '!=' ? 'neq' : 'eq', value: m[3]! };
    m = KEY_RE.exec(term);
    if (m) return { key: m[2]!, op: m[1] === '!' ? 'notexists' : 'exists' };
    throw ApiError.badRequest(`unable to parse requirement: found '${term}', expected: '=', '!=', '==', 'in', notin'`);
  });
}

export function matchesRequirements(reqs: readonly LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  for (const r of reqs) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = has ? labels[r.key] : undefined;
    switch (r.op) {
      case 'eq':
        if (value !== r.value) return false;
        break;
      case 'neq':
        if (value === r.value) return false;
        break;
      case 'in':
        if (value === undefined || !r.values.includes(value)) return false;
        break;
      case 'notin':
        if (value !== undefined && r.values.includes(value)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case 'notexists':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** metav1.LabelSelector semantics: a nil selector matches nothing, an empty one everything. */
export function labelSelectorMatcher(selector: LabelSelector | undefined): LabelMatcher {
  if (!selector) return () => false;
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key, op: 'eq', value });
  for (const e of selector.matchExpressions ?? []) {
    switch (e.operator) {
      case 'In':
        reqs.push({ key: e.key, op: 'in', values: e.values ?? [] });
        break;
      case 'NotIn':
        reqs.push({ key: e.key, op: 'notin', values: e.values ?? [] });
        break;
      case 'Exists':
        reqs.push({ key: e.key, op: 'exists' });
        break;
      case 'DoesNotExist':
        reqs.push({ key: e.key, op: 'notexists' });
        break;
    }
  }
  return (labels) => matchesRequirements(reqs, labels);
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

export interface FieldRequirement {
  field: string;
  op: 'eq' | 'neq';
  value: string;
}

export function parseFieldSelector(text: string | null | undefined): FieldRequirement[] {
  if (!text) return [];
  return splitTerms(text).map((term) => {
    const m = EQ_RE.exec(term);
    if (!m) throw ApiError.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    return { field: m[1]!, op: m[2] === '!=' ? 'neq' : 'eq', value: m[3]! };
  });
}

/**
 * The fields each resource can be selected by. Every resource supports
 * metadata.name and metadata.namespace; the rest mirrors the API server's
 * per-type field label conversion functions.
 */
function fieldValue(obj: KubeObject, field: string): string | undefined {
  switch (field) {
    case 'metadata.name':
      return obj.metadata.name ?? '';
    case 'metadata.namespace':
      return obj.metadata.namespace ?? '';
  }
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  if (obj.kind === 'Pod') {
    switch (field) {
      case 'spec.nodeName':
        return (spec.nodeName as string | undefined) ?? '';
      case 'spec.restartPolicy':
        return (spec.restartPolicy as string | undefined) ?? '';
      case 'spec.schedulerName':
        return (spec.schedulerName as string | undefined) ?? '';
      case 'spec.serviceAccountName':
        return (spec.serviceAccountName as string | undefined) ?? '';
      case 'spec.hostNetwork':
        return String(spec.hostNetwork === true);
      case 'status.phase':
        return (status.phase as string | undefined) ?? '';
      case 'status.podIP':
        return (status.podIP as string | undefined) ?? '';
      case 'status.nominatedNodeName':
        return (status.nominatedNodeName as string | undefined) ?? '';
    }
  }
  if (obj.kind === 'Node' && field === 'spec.unschedulable') return String(spec.unschedulable === true);
  if (obj.kind === 'Namespace' && field === 'status.phase') return (status.phase as string | undefined) ?? '';
  if (obj.kind === 'Secret' && field === 'type') return (obj.type as string | undefined) ?? '';
  if (obj.kind === 'Event') {
    const involved = (obj.involvedObject ?? {}) as Record<string, unknown>;
    const m = /^involvedObject\.(\w+)$/.exec(field);
    if (m) return String(involved[m[1]!] ?? '');
    if (field === 'reason' || field === 'type' || field === 'source') return String(obj[field] ?? '');
  }
  return undefined;
}

export function validateFieldSelector(reqs: readonly FieldRequirement[], sample: KubeObject, resourceLabel: string): void {
  for (const r of reqs) {
    if (fieldValue(sample, r.field) === undefined) {
      throw ApiError.badRequest(`field label not supported: ${r.field}`, undefined, resourceLabel);
    }
  }
}

export function matchesFields(reqs: readonly FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    const v = fieldValue(obj, r.field);
    if (r.op === 'eq' ? v !== r.value : v === r.value) return false;
  }
  return true;
}
