import { execFile } from 'node:child_process';
import type * as vscode from 'vscode';

/** The local kubectl's client version, or undefined when there is none (never throws). */
export function findKubectlVersion(kubectl: string, log: vscode.LogOutputChannel): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(kubectl, ['version', '--client', '-o', 'json'], { timeout: 5000, windowsHide: true }, (err, stdout) => {
      if (err) {
        log.info(`No local kubectl found as "${kubectl}" (${err.message.split('\n')[0]}); kubectl skew is not checked`);
        return resolve(undefined);
      }
      try {
        const v = (JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
        resolve(typeof v === 'string' ? v : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}
