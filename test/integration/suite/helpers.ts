import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { KubeMaintenanceApi } from '../../../src/extension';
import { AdminClient } from '../../sim/adminClient';
import type { SimInfo } from '../simClusters';

export const EXTENSION_ID = 'kubernetes-maintenance.kubernetes-maintenance';

export async function activateExtension(): Promise<KubeMaintenanceApi> {
  const ext = vscode.extensions.getExtension<KubeMaintenanceApi>(EXTENSION_ID);
  if (!ext) throw new Error(`Extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext.activate();
}

export function fixtures(...parts: string[]): string {
  const base = process.env['KM_FIXTURES'];
  if (!base) throw new Error('KM_FIXTURES is not set: run the suite through test/integration/run.ts');
  return [base, ...parts].join('/');
}

/** Polls until `probe` returns a value that passes `accept`, or fails with the last value seen. */
export async function eventually<T>(probe: () => Promise<T> | T, accept: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('kubeMaintenance').update(key, value, vscode.ConfigurationTarget.Global);
}

export function simInfo(): SimInfo {
  const file = process.env['KM_SIM_INFO'];
  if (!file) throw new Error('KM_SIM_INFO is not set: run the suite through test/integration/run.ts');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SimInfo;
}

export function admin(context: string): AdminClient {
  const c = simInfo().clusters[context];
  if (!c) throw new Error(`no simulator for ${context}`);
  return new AdminClient(c.url, c.adminToken, c.caPem);
}
