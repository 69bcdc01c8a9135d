// Upgrade hops: one minor at a time, as the version skew policy requires of the control plane.
import { compareMinor, formatMinor, nextMinor, parseMinorVersion } from '../versions/kubeVersion';

export interface HopVersions {
  readonly from: string;
  readonly to: string;
}

export type HopsResult =
  | { readonly ok: true; readonly hops: readonly HopVersions[] }
  | { readonly ok: false; readonly reason: string };

/** The hops from the cluster's version to the target ("v1.31.4" → "1.34": 1.31→1.32, 1.32→1.33, 1.33→1.34). */
export function upgradeHops(current: string, target: string): HopsResult {
  const from = parseMinorVersion(current);
  const to = parseMinorVersion(target);
  if (!from) return { ok: false, reason: `"${current}" is not a Kubernetes version` };
  if (!to) return { ok: false, reason: `"${target}" is not a Kubernetes version` };
  if (from.major !== to.major) return { ok: false, reason: `cannot upgrade across major versions (${formatMinor(from)} → ${formatMinor(to)})` };
  if (compareMinor(to, from) <= 0) return { ok: false, reason: `the target ${formatMinor(to)} is not newer than ${formatMinor(from)}` };
  const hops: HopVersions[] = [];
  for (let v = from; compareMinor(v, to) < 0; v = nextMinor(v)) hops.push({ from: formatMinor(v), to: formatMinor(nextMinor(v)) });
  return { ok: true, hops };
}
