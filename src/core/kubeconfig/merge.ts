import { KubeconfigError, parseKubeconfig, type ContextFields, type NamedEntry, type ParsedKubeconfig, type PlainObject } from './parse';
import type { ResolvedPaths } from './paths';

export interface ContextSummary {
  readonly name: string;
  readonly cluster?: string;
  readonly user?: string;
  readonly namespace?: string;
  /** The cluster's server URL, when the cluster entry exists. */
  readonly server?: string;
  readonly isCurrent: boolean;
  /** The file that defined this context (first one wins, as in kubectl). */
  readonly file: string;
  /** What is wrong with the context itself (e.g. it names a cluster no file defines). */
  readonly problem?: string;
}

export interface MergedKubeconfig {
  readonly files: readonly string[];
  /** Files that exist and were read, in merge order. */
  readonly loadedFiles: readonly string[];
  readonly currentContext?: string;
  readonly contexts: readonly ContextSummary[];
  readonly clusters: ReadonlyMap<string, { readonly file: string; readonly value: PlainObject }>;
  readonly users: ReadonlyMap<string, { readonly file: string; readonly value: PlainObject }>;
}

export type KubeconfigLoad =
  | { readonly state: 'ok'; readonly origin: ResolvedPaths['origin']; readonly config: MergedKubeconfig }
  | { readonly state: 'missing'; readonly origin: ResolvedPaths['origin']; readonly files: readonly string[] }
  | { readonly state: 'broken'; readonly origin: ResolvedPaths['origin']; readonly error: KubeconfigError };

/** Reads a file; resolves undefined when it does not exist, rejects with a readable reason otherwise. */
export type ReadFile = (path: string) => Promise<string | undefined>;

/**
 * Loads and merges kubeconfig files as kubectl does: missing files in a KUBECONFIG list are skipped,
 * the first file to define a cluster, user or context name wins, the first current-context wins.
 * A file that cannot be parsed makes the whole load fail, naming that file, as kubectl refuses to run.
 * A file named explicitly must exist; `namedBy` says where it was named, for the message.
 */
export async function loadKubeconfig(paths: ResolvedPaths, readFile: ReadFile, namedBy = 'set by kubeMaintenance.kubeconfig'): Promise<KubeconfigLoad> {
  const parsed: ParsedKubeconfig[] = [];
  for (const file of paths.files) {
    let text: string | undefined;
    try {
      text = await readFile(file);
    } catch (e) {
      return { state: 'broken', origin: paths.origin, error: new KubeconfigError(file, `cannot be read: ${(e as Error).message}`) };
    }
    if (text === undefined) {
      if (paths.origin === 'setting') {
        return { state: 'broken', origin: paths.origin, error: new KubeconfigError(file, `does not exist (${namedBy})`) };
      }
      continue;
    }
    try {
      parsed.push(parseKubeconfig(file, text));
    } catch (e) {
      if (e instanceof KubeconfigError) return { state: 'broken', origin: paths.origin, error: e };
      throw e;
    }
  }
  if (parsed.length === 0) return { state: 'missing', origin: paths.origin, files: paths.files };
  return { state: 'ok', origin: paths.origin, config: mergeKubeconfigs(paths.files, parsed) };
}

export function mergeKubeconfigs(files: readonly string[], parsed: readonly ParsedKubeconfig[]): MergedKubeconfig {
  const clusters = firstWins(parsed, (p) => p.clusters);
  const users = firstWins(parsed, (p) => p.users);
  const contexts = firstWins<ContextFields>(parsed, (p) => p.contexts);
  const currentContext = parsed.find((p) => p.currentContext !== undefined)?.currentContext;
  const summaries: ContextSummary[] = [];
  for (const [name, { file, value }] of contexts) {
    const cluster = value.cluster !== undefined ? clusters.get(value.cluster) : undefined;
    const server = cluster?.value['server'];
    let problem: string | undefined;
    if (!value.cluster) problem = 'names no cluster';
    else if (!cluster) problem = `names cluster "${value.cluster}", which no kubeconfig file defines`;
    else if (typeof server !== 'string' || server === '') problem = `cluster "${value.cluster}" has no server URL`;
    else if (value.user && !users.has(value.user)) problem = `names user "${value.user}", which no kubeconfig file defines`;
    summaries.push({
      name,
      isCurrent: name === currentContext,
      file,
      ...(value.cluster !== undefined ? { cluster: value.cluster } : {}),
      ...(value.user !== undefined ? { user: value.user } : {}),
      ...(value.namespace !== undefined ? { namespace: value.namespace } : {}),
      ...(typeof server === 'string' && server !== '' ? { server } : {}),
      ...(problem !== undefined ? { problem } : {}),
    });
  }
  summaries.sort((a, b) => a.name.localeCompare(b.name));
  return {
    files,
    loadedFiles: parsed.map((p) => p.file),
    ...(currentContext !== undefined ? { currentContext } : {}),
    contexts: summaries,
    clusters,
    users,
  };
}

function firstWins<T>(parsed: readonly ParsedKubeconfig[], pick: (p: ParsedKubeconfig) => readonly NamedEntry<T>[]): Map<string, { file: string; value: T }> {
  const out = new Map<string, { file: string; value: T }>();
  for (const p of parsed) {
    for (const e of pick(p)) if (!out.has(e.name)) out.set(e.name, { file: p.file, value: e.value });
  }
  return out;
}
