/** A Kubernetes minor version such as 1.25; patch levels and build suffixes are dropped. */
export interface MinorVersion {
  readonly major: number;
  readonly minor: number;
}

const VERSION_PATTERN = /^\s*v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?\s*$/;

/** Parses "1.25", "v1.25.3", "v1.25.3-gke.100" or "1.25+" into a minor version. */
export function parseMinorVersion(text: string): MinorVersion | undefined {
  const match = VERSION_PATTERN.exec(text);
  if (!match) {
    return undefined;
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (!Number.isSafeInteger(major) || !Number.isSafeInteger(minor)) {
    return undefined;
  }
  return { major, minor };
}

/** Negative when a is older than b, zero when equal, positive when newer. */
export function compareMinor(a: MinorVersion, b: MinorVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function formatMinor(version: MinorVersion): string {
  return `${version.major}.${version.minor}`;
}

export function nextMinor(version: MinorVersion): MinorVersion {
  return { major: version.major, minor: version.minor + 1 };
}

/** Compares two version strings by minor; unparsable strings sort first. */
export function compareMinorText(a: string, b: string): number {
  const pa = parseMinorVersion(a);
  const pb = parseMinorVersion(b);
  if (!pa || !pb) {
    return (pa ? 1 : 0) - (pb ? 1 : 0);
  }
  return compareMinor(pa, pb);
}
