// Builders of cluster facts for the plan tests.
import type { ClusterFacts } from '../../../src/core/upgrade/facts';
import { readable } from '../../../src/core/upgrade/facts';
import type { ClusterSnapshot } from '../../../src/core/cluster/types';
import { builtinReleaseData, parseReleaseData, type ReleaseData } from '../../../src/core/releases/releaseData';
import type { CheckOptions } from '../../../src/core/upgrade/checks';

export const NOW = new Date('2026-12-01T08:00:00Z');

export const OPTIONS: CheckOptions = { now: NOW, backupMaxAgeHours: 24, certWarnDays: 30 };

export function facts(snapshot: ClusterSnapshot, extra: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    context: 'prod',
    snapshot,
    providerIds: [],
    kubeadmConfig: readable(true),
    pdbs: readable([]),
    workloads: readable([]),
    backups: readable([{ name: 'nightly', phase: 'Completed', time: '2026-12-01T02:00:00Z' }]),
    readyz: readable([{ name: 'etcd', ok: true }, { name: 'ping', ok: true }]),
    servingCertNotAfter: readable('2027-06-01T00:00:00Z'),
    apiUses: [],
    apiUseGaps: [],
    problems: [],
    ...extra,
  };
}

export function releaseData(): ReleaseData {
  return builtinReleaseData();
}

/** A small release data set for boundary tests. */
export function smallReleaseData(generatedAt = '2026-12-01'): ReleaseData {
  const r = parseReleaseData({
    generatedAt,
    sources: [{ name: 'test', url: 'https://example.invalid' }],
    releases: [
      { version: '1.31', releaseDate: '2024-08-13', endOfLife: '2025-11-11', latestPatch: '1.31.14' },
      { version: '1.32', releaseDate: '2024-12-11', endOfLife: '2026-12-01', latestPatch: '1.32.13' },
      { version: '1.33', releaseDate: '2025-04-23', endOfLife: '2026-12-02', latestPatch: '1.33.10' },
      { version: '1.34', releaseDate: '2025-08-27', endOfLife: '2027-10-27', latestPatch: '1.34.9' },
      { version: '1.35' },
    ],
  }, 'test data');
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.data;
}
