// Where checklists live between window reloads and restarts: VS Code's globalState (shared by the
// windows of this machine), one entry per cluster keyed by server URL and context, as versioned JSON.
import type * as vscode from 'vscode';
import { checklistStorageKey, loadChecklist, serializeChecklist, type LoadResult } from '../../core/checklist/persist';
import type { ChecklistKey, ChecklistState } from '../../core/checklist/types';

export type StoredLoad = LoadResult | { readonly ok: false; readonly reason: 'none' };

export class ChecklistStore {
  constructor(private readonly memento: vscode.Memento) {}

  load(key: ChecklistKey): StoredLoad {
    const raw = this.memento.get<unknown>(checklistStorageKey(key));
    if (raw === undefined) return { ok: false, reason: 'none' };
    return loadChecklist(raw, key);
  }

  /** A stored checklist by its storage key (for the start-up reminders), or undefined for any other key. */
  loadByStorageKey(storageKey: string): ChecklistState | undefined {
    if (!storageKey.startsWith('kubeMaintenance.checklist/') || storageKey.split('/').length !== 3) return undefined;
    const r = loadChecklist(this.memento.get<unknown>(storageKey));
    return r.ok && checklistStorageKey(r.state.key) === storageKey ? r.state : undefined;
  }

  async save(state: ChecklistState): Promise<void> {
    await this.memento.update(checklistStorageKey(state.key), serializeChecklist(state));
  }

  /** Forgets the checklist and what is kept beside it (its lock is another window's business). */
  async remove(key: ChecklistKey): Promise<void> {
    const base = checklistStorageKey(key);
    for (const k of this.memento.keys()) if (k.startsWith(`${base}/`) && k !== `${base}/lock`) await this.memento.update(k, undefined);
    await this.memento.update(base, undefined);
  }

  /** Data kept beside a checklist (the workload snapshot taken at its start). */
  getExtra<T>(key: ChecklistKey, name: string): T | undefined {
    return this.memento.get<T>(`${checklistStorageKey(key)}/${name}`);
  }

  async setExtra(key: ChecklistKey, name: string, value: unknown): Promise<void> {
    await this.memento.update(`${checklistStorageKey(key)}/${name}`, value);
  }
}
