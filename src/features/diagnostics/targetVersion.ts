import { formatMinor, nextMinor, parseMinorVersion, type MinorVersion } from '../../core/versions/kubeVersion';

export interface ResolvedTarget {
  readonly version: MinorVersion;
  readonly label: string;
  /** Why this version: shown in the status-bar tooltip. */
  readonly explanation: string;
}

/**
 * "auto" means one minor above the cluster's version, the release an upgrade goes to. When no
 * cluster answers, the newest version in the rule data is used, so every known deprecation shows.
 */
export async function resolveTarget(
  setting: string,
  fallback: string,
  getServerVersion: (() => Promise<string | undefined>) | undefined,
): Promise<ResolvedTarget> {
  const fallbackVersion = parseMinorVersion(fallback) ?? { major: 1, minor: 33 };
  if (setting.trim().toLowerCase() !== 'auto') {
    const explicit = parseMinorVersion(setting);
    if (explicit) {
      return { version: explicit, label: formatMinor(explicit), explanation: `Set by kubeMaintenance.targetVersion (${setting}).` };
    }
    return {
      version: fallbackVersion,
      label: formatMinor(fallbackVersion),
      explanation: `kubeMaintenance.targetVersion "${setting}" is not a version like 1.33; using ${formatMinor(fallbackVersion)}, the newest version in the rule data.`,
    };
  }
  let server: string | undefined;
  try {
    server = getServerVersion ? await getServerVersion() : undefined;
  } catch {
    server = undefined;
  }
  const parsed = server === undefined ? undefined : parseMinorVersion(server);
  if (parsed) {
    const target = nextMinor(parsed);
    return { version: target, label: `${formatMinor(target)} (auto)`, explanation: `Auto: the cluster runs ${server}, so the upgrade target is ${formatMinor(target)}.` };
  }
  return {
    version: fallbackVersion,
    label: `${formatMinor(fallbackVersion)} (auto)`,
    explanation: `Auto: no cluster version available, so using ${formatMinor(fallbackVersion)}, the newest version in the rule data.`,
  };
}
