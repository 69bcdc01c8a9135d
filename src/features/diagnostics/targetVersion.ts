import type { ServerVersionHint } from '../../core/cluster/types';
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
  getServerVersion: (() => Promise<ServerVersionHint | undefined>) | undefined,
  nowMs: number = Date.now(),
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
  let hint: ServerVersionHint | undefined;
  try {
    hint = getServerVersion ? await getServerVersion() : undefined;
  } catch {
    hint = undefined;
  }
  const parsed = hint === undefined ? undefined : parseMinorVersion(hint.gitVersion);
  if (hint && parsed) {
    const target = nextMinor(parsed);
    const how =
      hint.source === 'connected'
        ? `context ${hint.contextName} runs ${hint.gitVersion}`
        : `context ${hint.contextName} ran ${hint.gitVersion} when last connected, ${formatAge(nowMs - hint.observedAt)} ago`;
    return { version: target, label: `${formatMinor(target)} (auto)`, explanation: `Auto: ${how}, so the upgrade target is ${formatMinor(target)}.` };
  }
  return {
    version: fallbackVersion,
    label: `${formatMinor(fallbackVersion)} (auto)`,
    explanation: `Auto: no cluster version available, so using ${formatMinor(fallbackVersion)}, the newest version in the rule data.`,
  };
}

/** "40 s", "12 min", "3 h", "5 d". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}
