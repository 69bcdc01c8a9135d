/**
 * Fault injection on matching API requests: an error Status, added latency, or a
 * watch connection dropped after some events or time. Rules come from the
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
  if (!f.error && f.latencyMs === undefined && !f.dropWatch) throw ApiError.badRequest('a fault needs one of: error, latencyMs, dropWatch');
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
    }
    return effect;
  }
}
