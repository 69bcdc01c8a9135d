// npm run mutate [-- stryker options]: Stryker over src/core, the CLI and the simulator's disruption
// logic (stryker.config.json), then the score per module. Incremental: a mutant whose code and tests
// did not change keeps its last result (reports/mutation/stryker-incremental.json, git-ignored).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { markdownTable, scoresByModule, type MutationReport } from './mutationSummary';
import * as fs from 'node:fs';

const stryker = path.join(repoRoot, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const r = spawnSync(process.execPath, [stryker, 'run', ...process.argv.slice(2)], { cwd: repoRoot, stdio: 'inherit' });
const reportFile = path.join(repoRoot, 'reports', 'mutation', 'mutation.json');
if (r.status === 0 && fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as MutationReport;
  console.log(`\nMutation score per module (${new Date().toISOString().slice(0, 10)}; details: reports/mutation/mutation.html):\n`);
  console.log(markdownTable(scoresByModule(report)));
}
process.exit(r.status ?? 1);
