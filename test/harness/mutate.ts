// npm run mutate [-- stryker options]: Stryker over src/core, the CLI and the simulator's eviction
// and controllers (stryker.config.json), then the score per module. Incremental: a mutant whose code and tests
// did not change keeps its last result (reports/mutation/stryker-incremental.json, git-ignored).
//
// npm run mutate -- --scope NAME [--first GROUP,...] [stryker options]: one scope of
// test/harness/mutationScopes.ts, its tests in groups (one process each); --first runs the named
// groups before the others, e.g. a group of new tests in the run after they were added. Its results
// accumulate in reports/mutation/NAME.json: a later run narrowed with `--force --mutate 'FILE:LINES'`
// replaces only the mutants it tested again.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { markdownTable, scoresByModule, type MutationReport } from './mutationSummary';
import { MUTATION_SCOPES } from './mutationScopes';
import { mergeReports, scopeConfig, scopeFiles, type MergeableReport, type StrykerConfig } from './mutationScopeRun';

const stryker = path.join(repoRoot, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const reports = path.join(repoRoot, 'reports', 'mutation');

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function printScores(reportFile: string): void {
  console.log(`\nMutation score per module (${new Date().toISOString().slice(0, 10)}; ${path.relative(repoRoot, reportFile)}):\n`);
  console.log(markdownTable(scoresByModule(readJson<MutationReport>(reportFile))));
}

function runStryker(args: readonly string[]): number {
  const r = spawnSync(process.execPath, [stryker, 'run', ...args], { cwd: repoRoot, stdio: 'inherit' });
  return r.status ?? 1;
}

function runScope(name: string, args: readonly string[], first: readonly string[]): number {
  const scope = MUTATION_SCOPES[name];
  if (!scope) {
    console.error(`No mutation scope "${name}". Scopes: ${Object.keys(MUTATION_SCOPES).join(', ')}.`);
    return 2;
  }
  const unknown = first.filter((g) => !scope.groups.some((group) => group.name === g));
  if (unknown.length > 0) {
    console.error(`Scope "${name}" has no group ${unknown.join(', ')}. Groups: ${scope.groups.map((g) => g.name).join(', ')}.`);
    return 2;
  }
  const { bundles, unassigned } = scopeFiles(repoRoot, name, scope);
  if (unassigned.length > 0) {
    console.error(`Test files of scope "${name}" that are in no group of test/harness/mutationScopes.ts (add them to a group or to excluded):\n  ${unassigned.join('\n  ')}`);
    return 2;
  }
  fs.rmSync(path.join(repoRoot, 'test', 'mutation', name), { recursive: true, force: true });
  for (const [file, text] of bundles) {
    fs.mkdirSync(path.dirname(path.join(repoRoot, file)), { recursive: true });
    fs.writeFileSync(path.join(repoRoot, file), text);
  }
  fs.mkdirSync(reports, { recursive: true });
  const configFile = path.join(reports, `stryker-${name}.json`);
  fs.writeFileSync(configFile, JSON.stringify(scopeConfig(readJson<StrykerConfig>(path.join(repoRoot, 'stryker.config.json')), name, scope, [...bundles.keys()], first), null, 2));
  const status = runStryker([path.relative(repoRoot, configFile), ...args]);
  const lastRun = path.join(reports, `${name}-last-run.json`);
  const accumulated = path.join(reports, `${name}.json`);
  if (status !== 0 || !fs.existsSync(lastRun)) return status;
  const later = readJson<MergeableReport>(lastRun);
  const merged = fs.existsSync(accumulated) ? mergeReports(readJson<MergeableReport>(accumulated), later) : later;
  fs.writeFileSync(accumulated, JSON.stringify(merged));
  printScores(accumulated);
  return 0;
}

/** `--name VALUE` taken out of the arguments. */
function takeOption(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  return args.splice(at, 2)[1] ?? '';
}

const argv = process.argv.slice(2);
const scopeName = takeOption(argv, '--scope');
const first = takeOption(argv, '--first');
if (scopeName !== undefined) {
  process.exit(runScope(scopeName, argv, first ? first.split(',') : []));
}
if (first !== undefined) {
  console.error('--first names groups of a scope: use it with --scope NAME.');
  process.exit(2);
}
const status = runStryker(argv);
const reportFile = path.join(reports, 'mutation.json');
if (status === 0 && fs.existsSync(reportFile)) printScores(reportFile);
process.exit(status);
