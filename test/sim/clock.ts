/**
 * Simulated time. Durations in the simulated cluster (grace periods, pod start-up,
 * kubelet upgrades) are multiplied by `timeScale` to get wall-clock delays, so a
 * scenario with timeScale 0.01 terminates a pod with a 30s grace period in 0.3s.
 * Timestamps written into objects are real wall-clock times: kubectl computes ages
 * from them against its own clock.
 */
export class SimClock {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(public timeScale = 1) {}

  now(): Date {
    return new Date();
  }

  /** RFC 3339 with second precision, as the API server writes metav1.Time. */
  timestamp(date: Date = this.now()): string {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Wall-clock milliseconds for a simulated duration in seconds. */
  wallMs(simSeconds: number): number {
    return Math.max(0, Math.round(simSeconds * 1000 * this.timeScale));
  }

  after(simSeconds: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, this.wallMs(simSeconds));
    t.unref();
    this.timers.add(t);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
