/**
 * Runs the controllers: each store change schedules a reconcile pass (coalesced),
 * and passes repeat until the controllers stop writing. Controllers are level
 * based: every pass looks at current state only, so they converge like the real
 * kube-controller-manager's do, without per-event bookkeeping.
 */
import type { SimCluster } from '../cluster';

const QUIET_RESOURCES = new Set(['coordination.k8s.io/leases', '/events']);

export interface Controller {
  readonly name: string;
  reconcile(): void;
}

export class ControllerManager {
  private scheduled: NodeJS.Timeout | undefined;
  private running = false;
  private dirty = false;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private readonly resync: NodeJS.Timeout;
  /** Store revision after the last pass that ended quiescent. */
  private settledRv = -1;

  constructor(private readonly cluster: SimCluster, private readonly controllers: readonly Controller[], private readonly onError: (err: unknown) => void = (e) => console.error(e)) {
    // Heartbeats and events change nothing a controller acts on.
    this.unsubscribe = cluster.store.subscribe((e) => {
      if (!QUIET_RESOURCES.has(e.resource)) this.schedule();
      else if (this.settledRv === e.rv - 1) this.settledRv = e.rv; // still settled
    });
    // A safety net for passes cut short by the pass limit; an idle cluster costs nothing.
    this.resync = setInterval(() => {
      if (cluster.store.currentRv() !== this.settledRv) this.schedule();
    }, 2000);
    this.resync.unref();
  }

  schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.runNow();
    }, 5);
    this.scheduled.unref();
  }

  /** Runs passes until quiescent (bounded, so a flapping controller cannot hang the server). */
  runNow(): void {
    if (this.stopped) return;
    this.running = true;
    try {
      for (let pass = 0; pass < 20; pass++) {
        this.dirty = false;
        const before = this.cluster.store.currentRv();
        for (const c of this.controllers) {
          try {
            c.reconcile();
          } catch (err) {
            this.onError(err);
          }
        }
        if (this.cluster.store.currentRv() === before && !this.dirty) {
          this.settledRv = before;
          break;
        }
      }
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    clearInterval(this.resync);
    if (this.scheduled) clearTimeout(this.scheduled);
  }
}
