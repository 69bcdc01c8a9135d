/** Where kubeconfig files come from, in kubectl's order of precedence. */
export interface KubeconfigLocation {
  /** The `kubeMaintenance.kubeconfig` setting, if the user set one (like kubectl's --kubeconfig). */
  readonly setting?: string | undefined;
  /** The KUBECONFIG environment variable. */
  readonly env?: string | undefined;
  readonly home: string;
  readonly platform: NodeJS.Platform;
}

export type KubeconfigOrigin = 'setting' | 'env' | 'default';

export interface ResolvedPaths {
  readonly origin: KubeconfigOrigin;
  /** Absolute paths in merge order; earlier files win. */
  readonly files: readonly string[];
}

export function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return joinPath(home, p.slice(2));
  return p;
}

function joinPath(a: string, b: string): string {
  const sep = a.includes('\\') && !a.includes('/') ? '\\' : '/';
  return a.endsWith(sep) ? a + b : a + sep + b;
}

/**
 * The setting overrides KUBECONFIG, which overrides ~/.kube/config, as --kubeconfig does for kubectl.
 * KUBECONFIG is a list separated by ':' (';' on Windows); empty entries and repeats are dropped.
 */
export function resolveKubeconfigPaths(loc: KubeconfigLocation): ResolvedPaths {
  const setting = loc.setting?.trim();
  if (setting) return { origin: 'setting', files: [expandHome(setting, loc.home)] };
  const env = loc.env?.trim();
  if (env) {
    const sep = loc.platform === 'win32' ? ';' : ':';
    const seen = new Set<string>();
    const files: string[] = [];
    for (const raw of env.split(sep)) {
      const p = expandHome(raw.trim(), loc.home);
      if (p && !seen.has(p)) {
        seen.add(p);
        files.push(p);
      }
    }
    if (files.length > 0) return { origin: 'env', files };
  }
  return { origin: 'default', files: [joinPath(joinPath(loc.home, '.kube'), 'config')] };
}
