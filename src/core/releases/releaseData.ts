// Kubernetes release facts (release and end-of-life dates, latest patches, managed-platform support
// windows) read from a reviewed data file: the one shipped in ./kubernetes-releases.json, or a newer
// one the user points at. Parsing checks every field, so a bad file is refused with reasons.
import { compareMinor, formatMinor, parseMinorVersion, type MinorVersion } from '../versions/kubeVersion';
import shipped from './kubernetes-releases.json';

export interface Release {
  readonly version: string;
  readonly minor: MinorVersion;
  /** Absent while the release is only announced. */
  readonly releaseDate?: string;
  readonly endOfLife?: string;
  readonly latestPatch?: string;
  readonly latestPatchDate?: string;
}

export interface PlatformWindow {
  readonly version: string;
  readonly released?: string;
  readonly endOfStandardSupport?: string;
  readonly endOfExtendedSupport?: string;
}

export interface ReleaseSource {
  readonly name: string;
  readonly url: string;
}

export interface ReleaseData {
  readonly generatedAt: string;
  readonly sources: readonly ReleaseSource[];
  /** Oldest first. */
  readonly releases: readonly Release[];
  readonly platforms: Readonly<Record<string, { readonly source?: string; readonly windows: readonly PlatformWindow[] }>>;
  /** Where the data came from: "built-in" or the file's path. */
  readonly origin: string;
}

export type ReleaseDataResult = { readonly ok: true; readonly data: ReleaseData } | { readonly ok: false; readonly errors: readonly string[] };

/** Days after generatedAt from which the data is called stale. */
export const STALE_AFTER_DAYS = 90;

const DAY_MS = 86_400_000;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A calendar date: Date.parse alone takes 2025-02-30 for 2025-03-02. */
function isDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** The minor of "1.33", written exactly so. */
function exactMinor(text: string): MinorVersion | undefined {
  const minor = parseMinorVersion(text);
  return minor && formatMinor(minor) === text ? minor : undefined;
}

function optionalDate(o: Json, key: string, where: string, errors: string[]): string | undefined {
  const value = o[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !isDate(value)) {
    errors.push(`${where}: ${key} must be a date like 2025-04-23`);
    return undefined;
  }
  return value;
}

function parseRelease(value: unknown, index: number, errors: string[]): Release | undefined {
  const where = `releases[${index}]`;
  if (!isObject(value) || typeof value.version !== 'string') {
    errors.push(`${where}: needs a version like "1.33"`);
    return undefined;
  }
  const minor = exactMinor(value.version);
  if (!minor) {
    errors.push(`${where}: version "${value.version}" is not a minor version like "1.33"`);
    return undefined;
  }
  const patch = value.latestPatch;
  if (patch !== undefined && (typeof patch !== 'string' || !patch.startsWith(`${value.version}.`) || !/^\d+\.\d+\.\d+$/.test(patch))) {
    errors.push(`${where}: latestPatch must be a ${value.version}.N version`);
  }
  const releaseDate = optionalDate(value, 'releaseDate', where, errors);
  const endOfLife = optionalDate(value, 'endOfLife', where, errors);
  if (releaseDate && endOfLife && endOfLife <= releaseDate) {
    errors.push(`${where}: endOfLife is not after releaseDate`);
  }
  return {
    version: value.version,
    minor,
    releaseDate,
    endOfLife,
    latestPatch: typeof patch === 'string' ? patch : undefined,
    latestPatchDate: optionalDate(value, 'latestPatchDate', where, errors),
  };
}

function parseWindows(name: string, value: unknown, errors: string[]): { source?: string; windows: PlatformWindow[] } | undefined {
  if (!isObject(value) || !Array.isArray(value.windows)) {
    errors.push(`platforms.${name}: needs a windows list`);
    return undefined;
  }
  const windows: PlatformWindow[] = [];
  value.windows.forEach((w: unknown, i: number) => {
    const where = `platforms.${name}.windows[${i}]`;
    // The checks look a window up by "1.33"; "v1.33" or "1.33.0" would never be found.
    if (!isObject(w) || typeof w.version !== 'string' || !exactMinor(w.version)) {
      errors.push(`${where}: needs a version like "1.33"`);
      return;
    }
    windows.push({
      version: w.version,
      released: optionalDate(w, 'released', where, errors),
      endOfStandardSupport: optionalDate(w, 'endOfStandardSupport', where, errors),
      endOfExtendedSupport: optionalDate(w, 'endOfExtendedSupport', where, errors),
    });
  });
  return { source: typeof value.source === 'string' ? value.source : undefined, windows };
}

/** Validates a release data document (parsed JSON). */
export function parseReleaseData(value: unknown, origin: string): ReleaseDataResult {
  const errors: string[] = [];
  if (!isObject(value)) {
    return { ok: false, errors: ['the release data must be a JSON object'] };
  }
  const generatedAt = typeof value.generatedAt === 'string' && isDate(value.generatedAt) ? value.generatedAt : undefined;
  if (!generatedAt) errors.push('generatedAt must be a date like 2026-12-01');
  const sources: ReleaseSource[] = [];
  if (!Array.isArray(value.sources) || value.sources.length === 0) {
    errors.push('sources must name where the data comes from');
  } else {
    value.sources.forEach((s: unknown, i: number) => {
      if (isObject(s) && typeof s.name === 'string' && typeof s.url === 'string') sources.push({ name: s.name, url: s.url });
      else errors.push(`sources[${i}]: needs a name and a url`);
    });
  }
  const releases: Release[] = [];
  if (!Array.isArray(value.releases) || value.releases.length === 0) {
    errors.push('releases must list the Kubernetes minor versions');
  } else {
    value.releases.forEach((r: unknown, i: number) => {
      const release = parseRelease(r, i, errors);
      if (release) releases.push(release);
    });
  }
  releases.sort((a, b) => compareMinor(a.minor, b.minor));
  for (let i = 1; i < releases.length; i++) {
    if (compareMinor(releases[i - 1].minor, releases[i].minor) === 0) errors.push(`release ${releases[i].version} is listed twice`);
  }
  const platforms: Record<string, { source?: string; windows: PlatformWindow[] }> = {};
  if (value.platforms !== undefined) {
    if (!isObject(value.platforms)) errors.push('platforms must be an object');
    else for (const [name, p] of Object.entries(value.platforms)) {
      const parsed = parseWindows(name, p, errors);
      if (parsed) platforms[name] = parsed;
    }
  }
  if (errors.length > 0 || !generatedAt) {
    return { ok: false, errors };
  }
  return { ok: true, data: { generatedAt, sources, releases, platforms, origin } };
}

/** Parses the text of a release data file (JSON). */
export function parseReleaseDataText(text: string, origin: string): ReleaseDataResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`${origin} is not JSON: ${(e as Error).message}`] };
  }
  return parseReleaseData(value, origin);
}

let builtin: ReleaseData | undefined;

/** The data shipped with the extension (reviewed in the repository). */
export function builtinReleaseData(): ReleaseData {
  if (!builtin) {
    const result = parseReleaseData(shipped, 'built-in');
    if (!result.ok) throw new Error(`built-in release data is invalid: ${result.errors.join('; ')}`);
    builtin = result.data;
  }
  return builtin;
}

/** Whole days from generatedAt to now. */
export function dataAgeDays(data: Pick<ReleaseData, 'generatedAt'>, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${data.generatedAt}T00:00:00Z`)) / DAY_MS);
}

/** A warning sentence once the data is older than 90 days, else undefined. */
export function stalenessWarning(data: Pick<ReleaseData, 'generatedAt' | 'origin'>, now: Date): string | undefined {
  const age = dataAgeDays(data, now);
  if (age <= STALE_AFTER_DAYS) return undefined;
  return `The Kubernetes release data (${data.origin}, generated ${data.generatedAt}) is ${age} days old: newer releases, patches and end-of-life dates may be missing. Point kubeMaintenance.plan.releaseDataFile (or --release-data) at a newer file.`;
}

export function findRelease(data: ReleaseData, version: MinorVersion): Release | undefined {
  return data.releases.find((r) => compareMinor(r.minor, version) === 0);
}

/** Released versions, oldest first (announced ones left out). */
export function releasedVersions(data: ReleaseData): Release[] {
  return data.releases.filter((r) => r.releaseDate !== undefined);
}

/** Whether a date (YYYY-MM-DD) is on or before now. */
export function isPast(date: string, now: Date): boolean {
  return Date.parse(`${date}T00:00:00Z`) <= now.getTime();
}
