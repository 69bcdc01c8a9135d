// After `npm run mutate`: the mutation score per module from Stryker's JSON report, as a Markdown
// table (the README's testing section holds one such snapshot), and the surviving mutants per file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

interface ReportMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: MutantStatus;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
}

export interface MutationReport {
  readonly files: Record<string, { readonly mutants: readonly ReportMutant[] }>;
}

export interface ModuleScore {
  readonly module: string;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly timeout: number;
  /** (killed + timeout) / (killed + timeout + survived + no coverage), in percent; undefined without valid mutants. */
  readonly score: number | undefined;
}

/** The module a file belongs to: its folder under src/core or test/sim/controllers, or the file itself elsewhere. */
export function moduleOf(file: string): string {
  const f = file.split(path.sep).join('/');
  const core = /^src\/core\/([^/]+)\//.exec(f);
  if (core) return `src/core/${core[1]}`;
  if (/^src\/cli(\.ts|\/)/.test(f)) return 'src/cli';
  if (f.startsWith('test/sim/controllers/')) return 'test/sim/controllers';
  return f.replace(/\.ts$/, '');
}

function score(killed: number, timeout: number, survived: number, noCoverage: number): number | undefined {
  const valid = killed + timeout + survived + noCoverage;
  return valid === 0 ? undefined : ((killed + timeout) / valid) * 100;
}

export function scoresByModule(report: MutationReport): ModuleScore[] {
  const acc = new Map<string, { killed: number; survived: number; noCoverage: number; timeout: number }>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const m = moduleOf(path.relative(repoRoot, path.resolve(repoRoot, file)));
    const a = acc.get(m) ?? { killed: 0, survived: 0, noCoverage: 0, timeout: 0 };
    for (const mutant of mutants) {
      if (mutant.status === 'Killed') a.killed++;
      else if (mutant.status === 'Survived') a.survived++;
      else if (mutant.status === 'NoCoverage') a.noCoverage++;
      else if (mutant.status === 'Timeout') a.timeout++;
    }
    acc.set(m, a);
  }
  const rows = [...acc.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([module, a]) => ({ module, ...a, score: score(a.killed, a.timeout, a.survived, a.noCoverage) }));
  const t = rows.reduce((s, r) => ({ killed: s.killed + r.killed, survived: s.survived + r.survived, noCoverage: s.noCoverage + r.noCoverage, timeout: s.timeout + r.timeout }), { killed: 0, survived: 0, noCoverage: 0, timeout: 0 });
  return [...rows, { module: 'all of the above', ...t, score: score(t.killed, t.timeout, t.survived, t.noCoverage) }];
}

export function markdownTable(rows: readonly ModuleScore[]): string {
  const lines = ['| module | score | killed | timed out | survived | no coverage |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const r of rows) lines.push(`| \`${r.module}\` | ${r.score === undefined ? '–' : `${r.score.toFixed(1)}%`} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} |`);
  return lines.join('\n');
}

function main(): void {
  const file = path.join(repoRoot, process.argv[2] ?? 'reports/mutation/mutation.json');
  if (!fs.existsSync(file)) {
    console.error(`No mutation report at ${file}: run npm run mutate first.`);
    process.exit(1);
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as MutationReport;
  console.log(`\nMutation score per module (${new Date().toISOString().slice(0, 10)}):\n`);
  console.log(markdownTable(scoresByModule(report)));
  console.log('\nSurvivors (file:line mutator → replacement):');
  for (const [f, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      console.log(`  ${f}:${m.location.start.line} ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no test reaches it)' : ''} → ${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}`);
    }
  }
}

if (require.main === module) main();
