// The kubectl step: the version skew policy supports kubectl within one minor (older or newer) of the
// API server, so after a hop the operator's kubectl must be within one minor of the hop's version.
import { formatMinor, parseMinorVersion } from '../versions/kubeVersion';
import type { NodeVerdict } from './verifyNode';

/** `kubectlVersion` as `kubectl version --client` reports it ("v1.33.2"), or undefined when none was found. */
export function kubectlSkewVerdict(kubectlVersion: string | undefined, to: string): NodeVerdict {
  const target = parseMinorVersion(to);
  if (!target) return { ok: false, reason: `the hop's version ${to} is not a Kubernetes version` };
  const range = `${formatMinor({ ...target, minor: target.minor - 1 })}–${formatMinor({ ...target, minor: target.minor + 1 })}`;
  if (kubectlVersion === undefined) return { ok: false, reason: `no local kubectl was found: install kubectl ${range}` };
  const local = parseMinorVersion(kubectlVersion);
  if (!local) return { ok: false, reason: `kubectl reports "${kubectlVersion}", which is not a version: install kubectl ${range}` };
  const distance = local.major === target.major ? Math.abs(local.minor - target.minor) : Infinity;
  if (distance > 1) return { ok: false, reason: `kubectl ${kubectlVersion} is more than one minor from ${formatMinor(target)}: install kubectl ${range}` };
  return { ok: true, observed: `kubectl ${kubectlVersion} is within one minor of ${formatMinor(target)}` };
}
