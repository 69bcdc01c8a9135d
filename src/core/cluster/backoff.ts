// Reconnect pacing for watches and lists: exponential, jittered so that many clients do not
// reconnect in step, never shorter than what the server asked for with Retry-After.

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Growth per failed attempt. */
  readonly factor: number;
  /** Fraction of each delay that is random: 0.5 gives a delay in [d/2, d]. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, factor: 2, jitter: 0.5 };

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Failed attempts since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The pause before the next attempt; `atLeastMs` is the server's Retry-After. */
  next(atLeastMs = 0): number {
    const { initialMs, maxMs, factor, jitter } = this.policy;
    const full = Math.min(maxMs, initialMs * factor ** Math.min(this.attempt, 30));
    this.attempt++;
    const delay = full * (1 - jitter) + full * jitter * this.random();
    return Math.round(Math.max(delay, Math.min(atLeastMs, maxMs * 5)));
  }

  reset(): void {
    this.attempt = 0;
  }
}

/**
 * Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds from `nowMs`;
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
