/** The /version document of a simulated control plane (k8s.io/apimachinery/pkg/version.Info). */
import type { KubeVersion } from '../versions';

function goVersionFor(minor: number): string {
  if (minor >= 35) return 'go1.25.7';
  if (minor >= 33) return 'go1.24.11';
  if (minor >= 32) return 'go1.23.12';
  if (minor >= 30) return 'go1.22.12';
  if (minor >= 29) return 'go1.21.13';
  if (minor >= 27) return 'go1.20.14';
  return 'go1.19.13';
}

/** Release date of the .0 of a minor, approximately (they ship every four months since 1.22). */
function buildDateFor(v: KubeVersion): string {
  const base = Date.UTC(2021, 7, 4); // 1.22.0
  const month = 30.44 * 24 * 3600 * 1000;
  const t = base + (v.minor - 22) * 4 * month + v.patch * month;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function commitFor(gitVersion: string): string {
  let h = 0;
  let out = '';
  for (let i = 0; out.length < 40; i++) {
    h = (Math.imul(h ^ gitVersion.charCodeAt(i % gitVersion.length), 2654435761) + i) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

export function versionInfo(v: KubeVersion): Record<string, string> {
  const managedSuffix = /-eks-/.test(v.gitVersion) ? '+' : '';
  const info: Record<string, string> = { major: String(v.major), minor: `${v.minor}${managedSuffix}` };
  if (v.minor >= 33) {
    info.emulationMajor = String(v.major);
    info.emulationMinor = String(v.minor);
    info.minCompatibilityMajor = String(v.major);
    info.minCompatibilityMinor = String(v.minor - 1);
  }
  return {
    ...info,
    gitVersion: v.gitVersion,
    gitCommit: commitFor(v.gitVersion),
    gitTreeState: 'clean',
    buildDate: buildDateFor(v),
    goVersion: goVersionFor(v.minor),
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
