/**
 * Fault injection on matching API requests: an error Status (with Retry-After),
 * added latency, a watch connection dropped after some events or time, a list
 * that repeats its continue token, or a body that stalls after the headers. Rules come from the
 * scenario (SimulatedCluster spec.faults) or from the admin endpoint, and can be
 * limited to the first `count` matching requests after skipping `after` of them.
 */
import { ApiError } from './status';

export interface FaultMatch {
  /** get, list, watch, create, update, patch, delete, deletecollection; one or several. */
  verb?: string | string[];
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Prefix of the URL path, for non-resource requests such as /version. */
  path?: string;
}

export interface FaultSpec {
  match?: FaultMatch;
  error?: { code: number; message?: string; reason?: string; retryAfterSeconds?: number };
  latencyMs?: number;
  dropWatch?: { afterEvents?: number; afterMs?: number; mode?: 'close' | 'reset' };
  /** A list answers with the continue token it was sent (or, on a first page, a fixed one): a client that trusts tokens loops. */
  repeatContinue?: boolean;
  /** The answer's headers, then the first `afterBytes` bytes of the body (default 0), then nothing until the client gives up. */
  stallBody?: { afterBytes?: number };
  count?: number;
  after?: number;
}

export interface FaultRule extends FaultSpec {
  id: string;
  seen: number;
  fired: number;
}

export interface RequestAttributes {
  verb: string;
  path: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface FaultEffect {
  latencyMs: number;
  error?: ApiError;
  retryAfterSeconds?: number;
  dropWatch?: NonNullable<FaultSpec['dropWatch']>;
  repeatContinue?: boolean;
  stallBody?: NonNullable<FaultSpec['stallBody']>;
}

function matches(m: FaultMatch | undefined, a: RequestAttributes): boolean {
  if (!m) return true;
  if (m.verb !== undefined) {
    const verbs = Array.isArray(m.verb) ? m.verb : [m.verb];
    if (!verbs.includes(a.verb)) return false;
  }
  if (m.resource !== undefined && m.resource !== a.resource) return false;
  if (m.subresource !== undefined && m.subresource !== (a.subresource ?? '')) return false;
  if (m.namespace !== undefined && m.namespace !== a.namespace) return false;
  if (m.name !== undefined && m.name !== a.name) return false;
  if (m.path !== undefined && !a.path.startsWith(m.path)) return false;
  return true;
}

export function validateFault(spec: unknown): FaultSpec {
  if (typeof spec !== 'object' || spec === null) throw ApiError.badRequest('a fault must be an object');
  const f = spec as FaultSpec;
  if (!f.error && f.latencyMs === undefined && !f.dropWatch && !f.repeatContinue && !f.stallBody) {
    throw ApiError.badRequest('a fault needs one of: error, latencyMs, dropWatch, repeatContinue, stallBody');
  }
  if (f.error && (typeof f.error.code !== 'number' || f.error.code < 400 || f.error.code > 599)) throw ApiError.badRequest('fault error.code must be an HTTP error status');
  return f;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(spec: FaultSpec): FaultRule {
    const rule: FaultRule = { ...validateFault(spec), id: `fault-${this.nextId++}`, seen: 0, fired: 0 };
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Consumes the rules that apply to a request and returns their combined effect. */
  evaluate(a: RequestAttributes): FaultEffect {
    const effect: FaultEffect = { latencyMs: 0 };
    for (const rule of this.rules) {
      if (!matches(rule.match, a)) continue;
      rule.seen++;
      if (rule.after !== undefined && rule.seen <= rule.after) continue;
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      if (rule.dropWatch && a.verb !== 'watch') continue;
      if (rule.repeatContinue && a.verb !== 'list') continue;
      rule.fired++;
      effect.latencyMs += rule.latencyMs ?? 0;
      if (rule.error && !effect.error) {
        effect.error = ApiError.fromCode(rule.error.code, rule.error.message, rule.error.reason);
        if (rule.error.retryAfterSeconds !== undefined) {
          effect.retryAfterSeconds = rule.error.retryAfterSeconds;
          effect.error.status.details = { ...(effect.error.status.details ?? {}), retryAfterSeconds: rule.error.retryAfterSeconds };
        }
      }
      if (rule.dropWatch && !effect.dropWatch) effect.dropWatch = rule.dropWatch;
      if (rule.repeatContinue) effect.repeatContinue = true;
      if (rule.stallBody && !effect.stallBody) effect.stallBody = rule.stallBody;
    }
    return effect;
  }
}
