// Bench scripts that load the Kubernetes client run on Node 24, each in a child process that prints
// one JSON object as its last line.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { ensureNode24 } from '../harness/node24';

export function childJson<T>(script: string, nodeArgs: readonly string[] = []): T {
  const r = spawnSync(ensureNode24(), [...nodeArgs, '--import', 'tsx', path.join(__dirname, script)], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(r.stderr.slice(-2000));
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as T;
}
