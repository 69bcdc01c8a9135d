// `kube-maintenance plan`: the upgrade plan of one context as text, JSON (a contract) or Markdown.
// Exit status: 0 nothing fails, 1 something blocks, 2 usage error, 3 the cluster cannot be reached.
import { execFile } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { isClusterError } from '../core/cluster/errors';
import { builtinRuleSet, type RuleSet } from '../core/deprecations/ruleSet';
import { scanText } from '../core/deprecations/scanReport';
import { loadKubeconfig, resolveKubeconfigPaths } from '../core/kubeconfig';
import { decodeText } from '../core/manifests/decodeText';
import { builtinReleaseData, parseReleaseDataText, releasedVersions, type ReleaseData } from '../core/releases/releaseData';
import { apiUsesFromFindings } from '../core/upgrade/apiUses';
import type { ApiUse } from '../core/upgrade/facts';
import { computePlan } from '../core/upgrade/plan';
import { planToMarkdown, planToText } from '../core/upgrade/planFormats';
import { compareMinor, formatMinor, nextMinor, parseMinorVersion, type MinorVersion } from '../core/versions/kubeVersion';
import type { ClusterSession } from '../cluster/types';

export interface PlanIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Defaults to the current time (tests pin it). */
  readonly now?: Date;
}

type Format = 'text' | 'json' | 'markdown';

interface PlanArgs {
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly to?: MinorVersion;
  readonly workspaces: readonly string[];
  readonly format: Format;
  readonly staging?: string;
  readonly releaseData?: string;
  readonly backupMaxAgeHours: number;
  readonly kubectl: string;
  readonly timeoutSeconds: number;
}

export const PLAN_USAGE = `Usage: kube-maintenance plan --context NAME --to X.Y [options]

Plans a Kubernetes upgrade one minor version at a time: for each hop the recommended patch, the
upgrade command of the detected platform, the removed APIs still in use (workspace files, Helm
releases, the apiserver's deprecated-API metric, last-applied annotations as a hint) and the
nodes the version-skew policy needs upgraded first; then cluster-wide checks.

Options:
  --context NAME          kubeconfig context (default: the current context)
  --kubeconfig FILE       kubeconfig file (default: KUBECONFIG, else ~/.kube/config)
  --to X.Y                target minor version (default: one minor above the cluster)
  --workspace DIR         manifests to scan for removed APIs (repeatable)
  --format text|json|markdown  output format (default: text)
  --staging NAME          the context of this cluster's staging cluster
  --release-data FILE     a newer release data file (JSON) instead of the built-in one
  --backup-max-age-hours N  a Velero backup older than this fails the backup check (default 24)
  --kubectl PATH          the local kubectl whose skew is checked (default: kubectl)
  --timeout SECONDS       time limit of each request (default 15)
  -h, --help              show this help

Exit status: 0 when nothing fails, 1 when something blocks the upgrade, 2 on a usage error,
3 when the cluster cannot be reached.
`;

export class PlanUsageError extends Error {}

function positiveNumber(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new PlanUsageError(`${name}: expected a positive number, got "${text}"`);
  return n;
}

export function parsePlanArgs(args: readonly string[]): PlanArgs {
  const workspaces: string[] = [];
  let context: string | undefined;
  let kubeconfig: string | undefined;
  let to: MinorVersion | undefined;
  let format: Format = 'text';
  let staging: string | undefined;
  let releaseData: string | undefined;
  let backupMaxAgeHours = 24;
  let kubectl = 'kubectl';
  let timeoutSeconds = 15;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq !== -1) return arg.slice(eq + 1);
      const next = args[++i];
      if (next === undefined) throw new PlanUsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '--context': context = value(); break;
      case '--kubeconfig': kubeconfig = value(); break;
      case '--to': {
        const text = value();
        const parsed = parseMinorVersion(text);
        if (!parsed || !/^v?\d+\.\d+$/.test(text.trim())) throw new PlanUsageError(`--to: expected a minor version like 1.33, got "${text}"`);
        to = parsed;
        break;
      }
      case '--workspace': workspaces.push(value()); break;
      case '--format': {
        const text = value();
        if (text !== 'text' && text !== 'json' && text !== 'markdown') throw new PlanUsageError(`--format: expected text, json or markdown, got "${text}"`);
        format = text;
        break;
      }
      case '--staging': staging = value(); break;
      case '--release-data': releaseData = value(); break;
      case '--backup-max-age-hours': backupMaxAgeHours = positiveNumber(name, value()); break;
      case '--kubectl': kubectl = value(); break;
      case '--timeout': timeoutSeconds = positiveNumber(name, value()); break;
      default:
        throw new PlanUsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument "${arg}"`);
    }
  }
  return { context, kubeconfig, to, workspaces, format, staging, releaseData, backupMaxAgeHours, kubectl, timeoutSeconds };
}

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const MANIFEST_FILES = /\.(ya?ml|json|tpl)$/i;

/** Removed-API uses in the manifests under the given folders (files sorted, symbolic links not followed). */
export async function scanWorkspaces(dirs: readonly string[], rules: RuleSet, target: MinorVersion): Promise<{ uses: ApiUse[]; problems: string[] }> {
  const uses: ApiUse[] = [];
  const problems: string[] = [];
  const scanFile = async (file: string): Promise<void> => {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      problems.push(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return;
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) return;
    const report = scanText(file, decoded.text, rules, { target });
    uses.push(...apiUsesFromFindings(report.findings, (f) => ({ type: 'workspace', file, line: f.range.start.line + 1 })));
  };
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(full);
      else if (entry.isFile() && MANIFEST_FILES.test(entry.name)) await scanFile(full);
    }
  };
  for (const dir of dirs) {
    let info;
    try {
      info = await stat(dir);
    } catch {
      throw new PlanUsageError(`--workspace: no such file or directory: ${dir}`);
    }
    if (info.isDirectory()) await walk(dir);
    else await scanFile(dir);
  }
  return { uses, problems };
}

async function loadReleaseData(file: string | undefined): Promise<ReleaseData> {
  if (file === undefined) return builtinReleaseData();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new PlanUsageError(`--release-data: cannot read ${file}`);
  }
  const result = parseReleaseDataText(text, file);
  if (!result.ok) throw new PlanUsageError(`--release-data: ${file} is not valid release data:\n  ${result.errors.join('\n  ')}`);
  return result.data;
}

/** The local kubectl's client version, or undefined (never throws). */
export function localKubectlVersion(kubectl: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(kubectl, ['version', '--client', '-o', 'json'], { timeout: 5000, windowsHide: true, env }, (err, stdout) => {
      if (err) return resolve(undefined);
      try {
        const v = (JSON.parse(stdout) as { clientVersion?: { gitVersion?: unknown } }).clientVersion?.gitVersion;
        resolve(typeof v === 'string' ? v : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}

async function openSessions(args: PlanArgs, env: NodeJS.ProcessEnv): Promise<{ session: ClusterSession; staging?: ClusterSession }> {
  const paths = resolveKubeconfigPaths({ setting: args.kubeconfig, env: env['KUBECONFIG'], home: env['HOME'] ?? os.homedir(), platform: process.platform });
  const load = await loadKubeconfig(paths, async (p) => {
    try {
      return await readFile(p, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }, 'given with --kubeconfig');
  if (load.state === 'missing') throw new PlanUsageError(`no kubeconfig found (looked at ${load.files.join(', ')})`);
  if (load.state === 'broken') throw new PlanUsageError(`kubeconfig: ${load.error.message}`);
  const context = args.context ?? load.config.currentContext;
  if (!context) throw new PlanUsageError('--context is needed: the kubeconfig has no current context');
  const names = new Set(load.config.contexts.map((c) => c.name));
  for (const name of [context, ...(args.staging ? [args.staging] : [])]) {
    if (!names.has(name)) throw new PlanUsageError(`the kubeconfig has no context "${name}"`);
  }
  // Loaded only now: the client is large and needs a recent Node.js.
  const { createSession } = await import('../cluster/kube');
  const options = { allowExec: true, timeoutMs: args.timeoutSeconds * 1000 };
  const session = createSession(load.config, context, options);
  return { session, ...(args.staging ? { staging: createSession(load.config, args.staging, options) } : {}) };
}

/** Runs `plan` with the arguments after the subcommand; returns the exit status. */
export async function planCommand(argv: readonly string[], io: PlanIo): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(PLAN_USAGE);
    return 0;
  }
  const env = io.env ?? process.env;
  let sessions: { session: ClusterSession; staging?: ClusterSession } | undefined;
  try {
    const args = parsePlanArgs(argv);
    const data = await loadReleaseData(args.releaseData);
    if (args.to) {
      const newest = releasedVersions(data).at(-1);
      if (newest && compareMinor(args.to, newest.minor) > 0) {
        throw new PlanUsageError(`--to ${formatMinor(args.to)} is not in the release data (${data.origin}, generated ${data.generatedAt}; newest released ${newest.version})`);
      }
    }
    const rules = builtinRuleSet();
    sessions = await openSessions(args, env);
    const kubectlVersion = await localKubectlVersion(args.kubectl, env);
    const { gatherClusterFacts } = await import('../cluster/liveFacts');
    // Every removal up to the target is wanted; the plan places each at its hop.
    const newestRule = parseMinorVersion(rules.newestMinor) ?? nextMinor({ major: 1, minor: 0 });
    const scanTarget = args.to && compareMinor(args.to, newestRule) > 0 ? args.to : newestRule;
    let facts;
    try {
      facts = await gatherClusterFacts(sessions.session, { rules, target: scanTarget, ...(kubectlVersion ? { kubectlVersion } : {}), ...(sessions.staging ? { staging: sessions.staging } : {}) });
    } catch (e) {
      if (isClusterError(e)) {
        io.stderr(`kube-maintenance: cannot reach the cluster of context "${sessions.session.contextName}" (${sessions.session.server}): ${e.info.message}\n`);
        return 3;
      }
      throw e;
    }
    const workspace = await scanWorkspaces(args.workspaces, rules, scanTarget);
    const result = computePlan({
      facts: { ...facts, problems: [...facts.problems, ...workspace.problems] },
      ...(args.to ? { target: args.to } : {}),
      workspaceUses: workspace.uses,
      releaseData: data,
      options: { now: io.now ?? new Date(), backupMaxAgeHours: args.backupMaxAgeHours, certWarnDays: 30 },
    });
    if (!result.ok) throw new PlanUsageError(result.usage);
    const plan = result.plan;
    switch (args.format) {
      case 'json': io.stdout(`${JSON.stringify(plan, null, 2)}\n`); break;
      case 'markdown': io.stdout(planToMarkdown(plan)); break;
      default: io.stdout(planToText(plan));
    }
    return plan.blocked ? 1 : 0;
  } catch (e) {
    if (e instanceof PlanUsageError) {
      io.stderr(`kube-maintenance plan: ${e.message}\n`);
      return 2;
    }
    if (isClusterError(e) && e.info.kind === 'config') {
      io.stderr(`kube-maintenance plan: ${e.info.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    sessions?.session.dispose();
    sessions?.staging?.dispose();
  }
}
