// Full-version ordering (patch levels included) for Kubernetes version strings with vendor suffixes.
import * as semver from 'semver';

/** Upstream pre-releases ("-alpha.1", "-rc.0") come before their release; vendor suffixes do not. */
const UPSTREAM_PRERELEASE = /^(alpha|beta|rc)/i;

function parse(text: string): semver.SemVer | undefined {
  const trimmed = text.trim();
  return semver.parse(trimmed, { loose: true }) ?? semver.coerce(trimmed) ?? undefined;
}

function isUpstreamPrerelease(version: semver.SemVer): boolean {
  const first = version.prerelease[0];
  return typeof first === 'string' && UPSTREAM_PRERELEASE.test(first);
}

/** Vendor suffixes mark builds of a release, so a suffixed version sorts after the plain one. */
function compareVendorSuffix(a: semver.SemVer, b: semver.SemVer): number {
  const hasA = a.prerelease.length > 0;
  const hasB = b.prerelease.length > 0;
  return hasA && hasB ? a.comparePre(b) : Number(hasA) - Number(hasB);
}

function compareParsed(a: semver.SemVer, b: semver.SemVer): number {
  const upstreamA = isUpstreamPrerelease(a);
  const upstreamB = isUpstreamPrerelease(b);
  return a.compareMain(b)
    || Number(upstreamB) - Number(upstreamA)
    || (upstreamA ? a.comparePre(b) : compareVendorSuffix(a, b))
    || a.compareBuild(b);
}

/**
 * Orders version strings oldest first: v1.30.0-rc.1 < v1.30.0 < v1.30.0-eks-1 < v1.30.1+k3s1 < v1.31.0.
 * Unparsable strings come before every version; ties fall back to the text so the order is total.
 */
export function compareKubeVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  const byVersion = pa && pb ? compareParsed(pa, pb) : Number(pa !== undefined) - Number(pb !== undefined);
  return byVersion || (a < b ? -1 : a > b ? 1 : 0);
}
