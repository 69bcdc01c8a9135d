/**
 * Lets a level-based controller skip a pass when none of the resources it reads
 * changed since its last pass (as an informer-driven controller would not be
 * woken), read from the store's event history; a compacted history counts as a
 * change.
 */
import type { ObjectStore } from '../store';

export class ChangeGate {
  private lastRv = -1;
  private readonly resources: ReadonlySet<string>;

  constructor(private readonly store: ObjectStore, resources: readonly string[]) {
    this.resources = new Set(resources);
  }

  /** Whether a watched resource changed since the previous call that answered true. */
  changed(): boolean {
    const rv = this.store.currentRv();
    if (this.lastRv < 0) {
      this.lastRv = rv;
      return true;
    }
    if (rv === this.lastRv) return false;
    const events = this.store.eventsSince(this.lastRv);
    this.lastRv = rv;
    return events === undefined || events.some((e) => this.resources.has(e.resource));
  }
}
