// npm run bench [-- --json FILE]: figures beside a baseline measured in the same run. Never a test:
// nothing here fails on timing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { repoRoot } from '../harness/paths';
import { measureActivation, emptyExtensionPath } from './activation';
import { bundleSizes, singleBundleSize } from './bundles';
import { measureContextListing } from './contexts';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly baselineName: string;
  readonly ratio: number;
}

const figures: Figure[] = [];

function record(name: string, value: number, unit: string, baseline: number, baselineName: string): void {
  figures.push({ name, value, unit, baseline, baselineName, ratio: baseline === 0 ? NaN : value / baseline });
  const f = figures[figures.length - 1];
  console.log(`  ${name}: ${fmt(value)} ${unit} (baseline ${baselineName}: ${fmt(baseline)} ${unit}, ratio ${f ? fmt(f.ratio) : ''})`);
}

function fmt(n: number): string {
  return Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : String(n);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

type Section = { name: string; run: (rec: typeof record) => Promise<void> };

const sections: Section[] = [
  {
    name: 'bundles',
    async run(rec) {
      const single = await singleBundleSize();
      for (const b of bundleSizes()) rec(`bundle dist/${b.name}`, b.bytes / 1024, 'KB', single / 1024, 'one bundle with the client inlined');
    },
  },
  {
    name: 'contexts',
    async run(rec) {
      const r = await measureContextListing(200);
      rec('list contexts of a 200-context kubeconfig', r.listMs, 'ms', r.parseMs, 'bare yaml.parse of the same file');
    },
  },
  {
    name: 'activation',
    async run(rec) {
      const ours: number[] = [];
      const empty: number[] = [];
      for (let i = 0; i < 3; i++) {
        empty.push(await measureActivation(emptyExtensionPath, 'kubernetes-maintenance.empty-extension'));
        ours.push(await measureActivation(repoRoot, 'kubernetes-maintenance.kubernetes-maintenance'));
      }
      // VS Code's marks have 1 ms resolution and an empty extension often activates within it.
      rec('activation in VS Code (client not loaded)', median(ours), 'ms', Math.max(1, median(empty)), 'activation of an empty extension (at least 1 ms, the marks\' resolution)');
    },
  },
];

/** Sections contributed by other features register here (see test/bench/sections.ts). */
async function extraSections(): Promise<Section[]> {
  const mod = (await import('./sections')) as { sections: Section[] };
  return mod.sections;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  if (jsonAt >= 0 && !jsonFile) {
    console.error('usage: npm run bench [-- --json FILE] [--only NAME,…]');
    process.exit(2);
  }
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : undefined;
  const build = spawnSync(process.execPath, ['esbuild.js', '--production', '--tests'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
  for (const s of [...sections, ...(await extraSections())]) {
    if (only && !only.has(s.name)) continue;
    console.log(`${s.name}:`);
    try {
      await s.run(record);
    } catch (e) {
      console.error(`  ${s.name} could not be measured: ${(e as Error).message}`);
    }
  }
  console.log('');
  const rows = figures.map((f) => [f.name, `${fmt(f.value)} ${f.unit}`, `${fmt(f.baseline)} ${f.unit}`, f.baselineName, fmt(f.ratio)]);
  const head = ['figure', 'value', 'baseline', 'baseline is', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  if (jsonFile) {
    fs.writeFileSync(jsonFile, JSON.stringify(figures.map(({ name, value, unit, baseline, ratio }) => ({ name, value, unit, baseline, ratio })), null, 2) + '\n');
    console.log(`\nwrote ${jsonFile}`);
  }
}

void main();
