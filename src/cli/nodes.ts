// kube-maintenance cordon|uncordon|drain NODE...: kubectl's flags, lines and exit codes, plus
// --preview (what a drain would do, changing nothing) and a cordon record (who, when, why).
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import type { ClusterSession } from '../cluster/types';
import { isClusterError } from '../core/cluster/errors';
import { KUBECTL_DEFAULTS, type DrainOptions } from '../core/drain/filters';
import { parseGoDuration } from '../core/drain/goDuration';
import { previewLines } from '../core/drain/preview';
import { cordonNode, drainNodes, kubectlErrorLine, type CordonRecord, type DrainIo } from '../core/drain/runner';
import { loadKubeconfig, resolveKubeconfigPaths } from '../core/kubeconfig';
import { whoAmI } from '../cluster/identity';
import { realClock } from '../util/clock';
import type { ApiNode } from '../core/cluster/apiTypes';

export interface NodeCliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

export const NODES_USAGE = `Usage:
  kube-maintenance cordon NODE... [--context C] [--kubeconfig F] [--dry-run=none|client|server] [--reason TEXT]
  kube-maintenance uncordon NODE... [--context C] [--kubeconfig F] [--dry-run=none|client|server]
  kube-maintenance drain NODE... [--context C] [--kubeconfig F] [kubectl drain flags] [--reason TEXT]
  kube-maintenance drain NODE --preview [--format text|json] [kubectl drain flags]

kubectl drain flags: --ignore-daemonsets --delete-emptydir-data --force --grace-period=N
  --timeout=DURATION (0: forever) --pod-selector=SELECTOR --disable-eviction
  --skip-wait-for-delete-timeout=N --dry-run=none|client|server
--reason records why in the node's annotations with who and when (--record=false: no record).
Exit status as kubectl: 0 done, 1 failed; 2 on a usage error.
`;

class UsageError extends Error {}

interface Parsed {
  readonly nodes: string[];
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly options: DrainOptions;
  readonly preview: boolean;
  readonly format: 'text' | 'json';
  readonly reason?: string;
  readonly record: boolean;
}

const BOOLEAN_FLAGS = new Set(['ignore-daemonsets', 'delete-emptydir-data', 'force', 'disable-eviction', 'preview', 'record']);
const VALUE_FLAGS = new Set(['context', 'kubeconfig', 'grace-period', 'timeout', 'pod-selector', 'selector', 'skip-wait-for-delete-timeout', 'dry-run', 'format', 'reason']);

function parse(command: string, args: readonly string[]): Parsed {
  const nodes: string[] = [];
  const values = new Map<string, string>();
  const flags = new Map<string, boolean>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      nodes.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (BOOLEAN_FLAGS.has(name)) {
      const v = eq === -1 ? 'true' : arg.slice(eq + 1);
      if (v !== 'true' && v !== 'false') throw new UsageError(`invalid argument "${v}" for "--${name}" flag`);
      flags.set(name, v === 'true');
    } else if (VALUE_FLAGS.has(name)) {
      const v = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (v === undefined) throw new UsageError(`flag needs an argument: --${name}`);
      values.set(name, v);
    } else {
      throw new UsageError(`unknown flag: --${name}`);
    }
  }
  if (nodes.length === 0) throw new UsageError(`${command} needs at least one NODE`);
  const int = (name: string, dflt: number): number => {
    const v = values.get(name);
    if (v === undefined) return dflt;
    if (!/^-?\d+$/.test(v)) throw new UsageError(`invalid argument "${v}" for "--${name}" flag`);
    return Number(v);
  };
  const timeout = values.get('timeout');
  let timeoutSeconds = 0;
  if (timeout !== undefined) {
    const ms = parseGoDuration(timeout);
    if (ms === undefined) throw new UsageError(`invalid argument "${timeout}" for "--timeout" flag: time: missing unit in duration "${timeout}"`);
    timeoutSeconds = ms / 1000;
  }
  const dryRun = values.get('dry-run') ?? 'none';
  if (dryRun !== 'none' && dryRun !== 'client' && dryRun !== 'server') throw new UsageError(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
  const format = values.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json`);
  const podSelector = values.get('pod-selector') ?? values.get('selector');
  const reason = values.get('reason');
  const context = values.get('context');
  const kubeconfig = values.get('kubeconfig');
  return {
    nodes,
    ...(context !== undefined ? { context } : {}),
    ...(kubeconfig !== undefined ? { kubeconfig } : {}),
    options: {
      ...KUBECTL_DEFAULTS,
      ignoreDaemonSets: flags.get('ignore-daemonsets') ?? false,
      deleteEmptyDirData: flags.get('delete-emptydir-data') ?? false,
      force: flags.get('force') ?? false,
      disableEviction: flags.get('disable-eviction') ?? false,
      gracePeriodSeconds: int('grace-period', -1),
      skipWaitForDeleteTimeoutSeconds: int('skip-wait-for-delete-timeout', 0),
      timeoutSeconds,
      dryRun,
      ...(podSelector ? { podSelector } : {}),
    },
    preview: flags.get('preview') ?? false,
    format,
    ...(reason !== undefined ? { reason } : {}),
    record: flags.get('record') ?? true,
  };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function openSession(p: Parsed, io: NodeCliIo): Promise<{ session: ClusterSession; user: string }> {
  const paths = resolveKubeconfigPaths({ setting: p.kubeconfig, env: io.env['KUBECONFIG'], home: io.env['HOME'] ?? os.homedir(), platform: process.platform });
  const load = await loadKubeconfig(paths, readIfExists, 'given with --kubeconfig');
  if (load.state === 'missing') throw new CliFailure('error: no kubeconfig found (set KUBECONFIG or --kubeconfig)');
  if (load.state === 'broken') throw new CliFailure(`error: ${load.error.file}${load.error.line !== undefined ? `:${load.error.line}` : ''}: ${load.error.reason}`);
  const context = p.context ?? load.config.currentContext;
  if (!context) throw new CliFailure('error: no context is set: use --context or set current-context');
  if (!load.config.contexts.some((c) => c.name === context)) throw new CliFailure(`error: context "${context}" does not exist`);
  // The client (with undici) is loaded only for these commands, so `scan` runs on any Node.
  const { createSession } = await import('../cluster/kube');
  const session = createSession(load.config, context, { allowExec: true, timeoutMs: 30_000, maxConcurrent: 16 });
  return { session, user: load.config.contexts.find((c) => c.name === context)?.user ?? os.userInfo().username };
}

class CliFailure extends Error {}

export async function runNodeCommand(command: 'cordon' | 'uncordon' | 'drain', args: readonly string[], io: NodeCliIo): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(NODES_USAGE);
    return 0;
  }
  let p: Parsed;
  try {
    p = parse(command, args);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n\n${NODES_USAGE}`);
      return 2;
    }
    throw e;
  }
  let opened: { session: ClusterSession; user: string };
  try {
    opened = await openSession(p, io);
  } catch (e) {
    io.stderr(`${e instanceof CliFailure ? e.message : kubectlErrorLine(e)}\n`);
    return 1;
  }
  const { session } = opened;
  const signal = io.signal ?? new AbortController().signal;
  const drainIo: DrainIo = { out: (l) => io.stdout(`${l}\n`), err: (l) => io.stderr(`${l}\n`), clock: realClock, signal, pollMs: 500 };
  const { sessionDrainApi } = await import('../cluster/drainApi');
  const api = sessionDrainApi(session);
  try {
    if (p.preview) return await preview(session, api, p, io, signal);
    const record: CordonRecord | undefined = p.record && p.options.dryRun === 'none' ? { who: await whoAmI(session, opened.user, signal), ...(p.reason !== undefined ? { reason: p.reason } : {}) } : undefined;
    if (command === 'drain') return (await drainNodes(api, p.nodes, p.options, drainIo, record)).exitCode;
    let code = 0;
    // kubectl reads every node first and decides from those objects ("cordon x x" says "cordoned" twice).
    const resolved: ApiNode[] = [];
    for (const name of p.nodes) {
      try {
        resolved.push(await api.getNode(name, signal));
      } catch (e) {
        io.stderr(`${kubectlErrorLine(e)}\n`);
        return 1;
      }
    }
    for (const node of resolved) {
      const name = node.metadata?.name ?? '';
      const r = await cordonNode(api, node, command === 'cordon', { dryRun: p.options.dryRun, ...(record && command === 'cordon' ? { record } : {}) }, drainIo);
      if (!r.ok) {
        io.stderr(`error: unable to ${command} node "${name}": ${isClusterError(r.error) ? (r.error.info.serverMessage ?? r.error.message) : String(r.error)}\n`);
        code = 1;
      }
    }
    return code;
  } finally {
    session.dispose();
  }
}

async function preview(session: ClusterSession, api: ReturnType<typeof import('../cluster/drainApi').sessionDrainApi>, p: Parsed, io: NodeCliIo, signal: AbortSignal): Promise<number> {
  for (const node of p.nodes) {
    try {
      await api.getNode(node, signal);
    } catch (e) {
      io.stderr(`${kubectlErrorLine(e)}\n`);
      return 1;
    }
    const { computeDrainPreview } = await import('../cluster/drainApi');
    const result = await computeDrainPreview(session, api, node, p.options, signal);
    if (p.format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`${previewLines(result).join('\n')}\n`);
  }
  return 0;
}
