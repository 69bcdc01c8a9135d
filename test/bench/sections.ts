// Benchmarks of the features beyond the foundation, one section each.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { ensureNode24 } from '../harness/node24';
import { measureEditorDiagnostics } from './editorBench';
import { hostileInputTimes, incrementalReanalysis, scanThroughput } from './scanBench';
import { childJson } from './child';

type Record = (name: string, value: number, unit: string, baseline: number, baselineName: string) => void;
export interface Section {
  readonly name: string;
  run(rec: Record): Promise<void>;
}

export const sections: Section[] = [
  {
    name: 'cluster',
    async run(rec) {
      // The Kubernetes client needs Node 24, so this part runs in a child process on it.
      const r = spawnSync(ensureNode24(), ['--import', 'tsx', path.join(__dirname, 'treeBench.ts')], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(r.stderr.slice(-2000));
      const m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { nodes: number; kubectlMs: number; treeMs: number; kubectlStartMs: number };
      rec(`kubectl get nodes -o json, ${m.nodes} nodes`, m.kubectlMs, 'ms', m.kubectlStartMs, 'kubectl version --client (process start)');
      rec(`Clusters view: refresh to node data, ${m.nodes} nodes`, m.treeMs, 'ms', m.kubectlMs, 'kubectl get nodes -o json, same simulator');
    },
  },
  {
    name: 'plan',
    async run(rec) {
      const r = spawnSync(ensureNode24(), ['--import', 'tsx', path.join(__dirname, 'planBench.ts')], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(r.stderr.slice(-2000));
      const m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { nodes: number; pods: number; releases: number; kubectlMs: number; planMs: number };
      rec(`kube-maintenance plan, ${m.nodes} nodes, ${m.pods} pods, ${m.releases} Helm releases`, m.planMs, 'ms', m.kubectlMs, 'kubectl get pods -A -o json, same simulator');
    },
  },
  {
    name: 'drain',
    async run(rec) {
      const m = childJson<{ pods: number; oursMs: number; kubectlMs: number; previewMs: number; dryRunMs: number }>('drainBench.ts');
      rec(`drain a ${m.pods}-pod node: kube-maintenance drain`, m.oursMs, 'ms', m.kubectlMs, 'kubectl drain v1.35.2, fresh copy of the same cluster');
      rec(`drain preview of the ${m.pods}-pod node: kube-maintenance drain --preview`, m.previewMs, 'ms', m.dryRunMs, 'kubectl drain --dry-run=client, same cluster');
    },
  },
  {
    name: 'memory',
    async run(rec) {
      const m = childJson<{ pods: number; modelBytes: number; plainListBytes: number }>('memoryBench.ts');
      rec(`heap growth of a ClusterModel listing and watching ${m.pods} pods`, m.modelBytes / 2 ** 20, 'MB', m.plainListBytes / 2 ** 20, 'the same pods held as a plain list');
    },
  },
  {
    name: 'scan',
    async run(rec) {
      const t = await scanThroughput(50);
      // Higher is better here, so the figure is the engine's throughput against the bare parse's.
      rec(`scan throughput, ${Math.round(t.bytes / 1e6)} MB corpus`, t.bytes / 1e6 / (t.engineMs / 1000), 'MB/s', t.bytes / 1e6 / (t.parseAllDocumentsMs / 1000), 'bare yaml.parseAllDocuments');
      const inc = await incrementalReanalysis(10);
      rec(`re-analysis after a one-line edit, ${Math.round(inc.bytes / 1e6)} MB file (change range from the edit)`, inc.incrementalMs, 'ms', inc.fullMs, 'full analysis of the file');
    },
  },
  {
    name: 'hostile',
    async run(rec) {
      // Each bare parse runs in a child process with a time limit: the parser itself needs minutes
      // for the Helm line (it reads 80k nested flow mappings).
      for (const h of await hostileInputTimes()) {
        rec(`scan of ${h.name} (${(h.bytes / 1e6).toFixed(1)} MB)`, h.engineMs, 'ms', h.parseAllDocumentsMs, 'bare yaml.parseAllDocuments of the same bytes');
      }
    },
  },
  {
    name: 'editor',
    async run(rec) {
      const { ours: r, preset } = await measureEditorDiagnostics();
      const cli = 'kube-maintenance scan of the same file (process included)';
      const file = `${Math.round(r.bytes / 1e5) / 10} MB, ${r.findings} findings`;
      rec(`VS Code: open ${file}, to the first squiggle drawn`, r.squiggleMs, 'ms', r.cliMs, cli);
      rec(`VS Code: open ${file}, to all diagnostics in the extension host`, r.allMs, 'ms', r.cliMs, cli);
      rec(`VS Code: the document handed to extensions, to all its diagnostics (the extension's part)`, r.analysisMs, 'ms', r.cliMs, cli);
      rec(`VS Code alone: open ${file}, to the first squiggle drawn (diagnostics preset, no analysis)`, preset.squiggleMs, 'ms', preset.cliMs, cli);
      rec(`VS Code: open ${file}, to the first squiggle drawn`, r.squiggleMs, 'ms', preset.squiggleMs, 'VS Code alone with the same diagnostics preset');
      rec(`VS Code alone: open ${file}, to its first line drawn`, preset.textMs, 'ms', preset.cliMs, cli);
      rec('VS Code: then a code-action request at the cursor', r.codeActionsMs, 'ms', r.cliMs, cli);
    },
  },
];
