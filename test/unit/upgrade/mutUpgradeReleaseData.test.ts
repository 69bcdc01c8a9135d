import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinReleaseData, isPast, parseReleaseData, releasedVersions, stalenessWarning, type ReleaseDataResult } from '../../../src/core/releases/releaseData';
import { endOfLifeChecks } from '../../../src/core/upgrade/checks';
import { NOW } from './planFixtures';

const SOURCES = [{ name: 'Kubernetes releases', url: 'https://kubernetes.io/releases/' }];
const R133 = { version: '1.33', releaseDate: '2025-04-23', endOfLife: '2026-06-28', latestPatch: '1.33.10' };

function doc(parts: Record<string, unknown>): Record<string, unknown> {
  return { generatedAt: '2026-12-01', sources: SOURCES, releases: [R133], ...parts };
}

function errorsOf(result: ReleaseDataResult): readonly string[] {
  assert.equal(result.ok, false, 'the file is refused');
  return result.ok ? [] : result.errors;
}

function accepted(result: ReleaseDataResult) {
  if (!result.ok) assert.fail(`refused: ${result.errors.join('; ')}`);
  return result.data;
}

describe('release data file: what is refused and why', () => {
  it('refuses anything but a JSON object', () => {
    for (const value of [null, [], 'releases', 3]) {
      assert.deepEqual(errorsOf(parseReleaseData(value, 'f.json')), ['the release data must be a JSON object'], JSON.stringify(value));
    }
  });

  it('refuses a generatedAt that is not a calendar date', () => {
    for (const generatedAt of ['2026-12', '02026-12-01', '2026-12-01x', '2026-13-01', 20261201]) {
      assert.deepEqual(errorsOf(parseReleaseData(doc({ generatedAt }), 'f.json')), ['generatedAt must be a date like 2026-12-01'], String(generatedAt));
    }
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    assert.deepEqual(errorsOf(parseReleaseData(doc({ releases: [{ ...R133, endOfLife: '2026-02-30' }] }), 'f.json')), ['releases[0]: endOfLife must be a date like 2025-04-23']);
    assert.deepEqual(errorsOf(parseReleaseData(doc({ generatedAt: '2026-02-29' }), 'f.json')), ['generatedAt must be a date like 2026-12-01']);
    // 2028 is a leap year.
    assert.equal(parseReleaseData(doc({ releases: [{ ...R133, endOfLife: '2028-02-29' }] }), 'f.json').ok, true);
  });

  it('refuses dates that are not strings, and names the release and the field', () => {
    const errors = errorsOf(parseReleaseData(doc({
      releases: [R133, { version: '1.34', releaseDate: ['2025-08-27'], latestPatchDate: '27 Aug 2025' }],
    }), 'f.json'));
    assert.deepEqual(errors, [
      'releases[1]: releaseDate must be a date like 2025-04-23',
      'releases[1]: latestPatchDate must be a date like 2025-04-23',
    ]);
  });

  it('takes null for an absent date (an announced release)', () => {
    const data = accepted(parseReleaseData(doc({ releases: [R133, { version: '1.34', releaseDate: null, endOfLife: null }] }), 'f.json'));
    assert.deepEqual(data.releases.map((r) => [r.version, r.releaseDate, r.endOfLife]), [['1.33', '2025-04-23', '2026-06-28'], ['1.34', undefined, undefined]]);
  });

  it('refuses sources without a name and a url', () => {
    assert.deepEqual(errorsOf(parseReleaseData(doc({ sources: [] }), 'f.json')), ['sources must name where the data comes from']);
    assert.deepEqual(errorsOf(parseReleaseData(doc({ sources: 'kubernetes.io' }), 'f.json')), ['sources must name where the data comes from']);
    assert.deepEqual(errorsOf(parseReleaseData(doc({
      sources: [SOURCES[0], 'https://kubernetes.io', { name: 'x' }, { url: 'https://x' }, null],
    }), 'f.json')), [
      'sources[1]: needs a name and a url',
      'sources[2]: needs a name and a url',
      'sources[3]: needs a name and a url',
      'sources[4]: needs a name and a url',
    ]);
  });

  it('refuses a file without releases', () => {
    assert.deepEqual(errorsOf(parseReleaseData(doc({ releases: [] }), 'f.json')), ['releases must list the Kubernetes minor versions']);
    assert.deepEqual(errorsOf(parseReleaseData(doc({ releases: undefined }), 'f.json')), ['releases must list the Kubernetes minor versions']);
  });

  it('refuses a release without a minor version written like "1.33", and still reads the others', () => {
    const errors = errorsOf(parseReleaseData(doc({
      releases: ['1.30', { version: 1.31 }, { version: 'v1.32' }, { version: '1.32.0' }, R133, null],
    }), 'f.json'));
    assert.deepEqual(errors, [
      'releases[0]: needs a version like "1.33"',
      'releases[1]: needs a version like "1.33"',
      'releases[2]: version "v1.32" is not a minor version like "1.33"',
      'releases[3]: version "1.32.0" is not a minor version like "1.33"',
      'releases[5]: needs a version like "1.33"',
    ]);
  });

  it('refuses a latestPatch that is not a full patch version of that minor', () => {
    for (const latestPatch of [1.33, '1.34.2', '1.33', '1.33.2-rc.1', '1.33.x1.33.2', '1.33.', 'v1.33.2']) {
      assert.deepEqual(errorsOf(parseReleaseData(doc({ releases: [{ ...R133, latestPatch }] }), 'f.json')), ['releases[0]: latestPatch must be a 1.33.N version'], String(latestPatch));
    }
    const ten = accepted(parseReleaseData(doc({ releases: [{ version: '10.1', releaseDate: '2030-01-01', latestPatch: '10.1.12' }] }), 'f.json'));
    assert.equal(ten.releases[0].latestPatch, '10.1.12');
  });

  it('refuses an end of life on or before the release date', () => {
    assert.deepEqual(errorsOf(parseReleaseData(doc({ releases: [{ ...R133, endOfLife: R133.releaseDate }] }), 'f.json')), ['releases[0]: endOfLife is not after releaseDate']);
    assert.equal(parseReleaseData(doc({ releases: [{ ...R133, endOfLife: '2025-04-24' }] }), 'f.json').ok, true);
  });

  it('sorts the releases oldest first, whatever the file order', () => {
    const data = accepted(parseReleaseData(doc({ releases: [{ version: '1.35' }, R133, { version: '1.9', releaseDate: '2017-12-15' }, { version: '1.34', releaseDate: '2025-08-27' }] }), 'f.json'));
    assert.deepEqual(data.releases.map((r) => r.version), ['1.9', '1.33', '1.34', '1.35']);
  });
});

describe('release data file: managed platform windows', () => {
  const window = { version: '1.33', released: '2025-05-29', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' };

  it('keeps the windows and the source as given', () => {
    const data = accepted(parseReleaseData(doc({ platforms: { eks: { source: 'https://endoflife.date/amazon-eks', windows: [window] }, gke: { windows: [] } } }), 'f.json'));
    assert.deepEqual(data.platforms, {
      eks: { source: 'https://endoflife.date/amazon-eks', windows: [window] },
      gke: { source: undefined, windows: [] },
    });
  });

  it('drops a source that is not a string', () => {
    const data = accepted(parseReleaseData(doc({ platforms: { eks: { source: 42, windows: [window] } } }), 'f.json'));
    assert.equal(data.platforms.eks?.source, undefined);
  });

  it('refuses platforms that are not an object of window lists', () => {
    assert.deepEqual(errorsOf(parseReleaseData(doc({ platforms: ['eks'] }), 'f.json')), ['platforms must be an object']);
    assert.deepEqual(errorsOf(parseReleaseData(doc({ platforms: { eks: [window], gke: { windows: {} }, aks: null } }), 'f.json')), [
      'platforms.eks: needs a windows list',
      'platforms.gke: needs a windows list',
      'platforms.aks: needs a windows list',
    ]);
  });

  it('refuses a window without a version written like "1.33" (the checks would never find it)', () => {
    const errors = errorsOf(parseReleaseData(doc({ platforms: { eks: { windows: [window, 'x', { version: 133 }, { version: 'latest' }, { ...window, version: 'v1.33' }, { ...window, version: '1.33.0' }] } } }), 'f.json'));
    assert.deepEqual(errors, [
      'platforms.eks.windows[1]: needs a version like "1.33"',
      'platforms.eks.windows[2]: needs a version like "1.33"',
      'platforms.eks.windows[3]: needs a version like "1.33"',
      'platforms.eks.windows[4]: needs a version like "1.33"',
      'platforms.eks.windows[5]: needs a version like "1.33"',
    ]);
  });

  it('refuses bad window dates, naming the window and the field', () => {
    const errors = errorsOf(parseReleaseData(doc({ platforms: { aks: { windows: [{ version: '1.33', released: 'May', endOfStandardSupport: '2026-06-31', endOfExtendedSupport: 2027 }] } } }), 'f.json'));
    assert.deepEqual(errors, [
      'platforms.aks.windows[0]: released must be a date like 2025-04-23',
      'platforms.aks.windows[0]: endOfStandardSupport must be a date like 2025-04-23',
      'platforms.aks.windows[0]: endOfExtendedSupport must be a date like 2025-04-23',
    ]);
  });

  it('an accepted window decides the end-of-life check on its platform', () => {
    const data = accepted(parseReleaseData(doc({ platforms: { eks: { windows: [window] } } }), 'f.json'));
    const [current] = endOfLifeChecks({ major: 1, minor: 33 }, { major: 1, minor: 33 }, data, NOW, 'eks');
    assert.equal(current.status, 'warn');
    assert.equal(current.detail, 'Amazon EKS standard support for 1.33 ended on 2026-07-29 (extended support, at extra cost, until 2027-07-29)');
  });
});

describe('release data: the shipped file', () => {
  it('loads, with every platform window written as a minor the checks can find', () => {
    const data = builtinReleaseData();
    for (const [name, p] of Object.entries(data.platforms)) {
      for (const w of p.windows) assert.match(w.version, /^1\.\d+$/, `${name} ${w.version}`);
    }
    assert.equal(data.origin, 'built-in');
  });

  it('is not stale on the day it was generated', () => {
    const data = builtinReleaseData();
    assert.equal(stalenessWarning(data, new Date(`${data.generatedAt}T12:00:00Z`)), undefined);
  });
});

describe('release data: released versions and past dates', () => {
  it('leaves announced releases out of the released ones, oldest first', () => {
    const data = accepted(parseReleaseData(doc({ releases: [{ version: '1.35' }, { version: '1.34', releaseDate: '2025-08-27' }, R133] }), 'f.json'));
    assert.deepEqual(releasedVersions(data).map((r) => r.version), ['1.33', '1.34']);
  });

  it('a date is past from its first moment (UTC)', () => {
    assert.equal(isPast('2026-12-01', new Date('2026-12-01T00:00:00Z')), true);
    assert.equal(isPast('2026-12-01', new Date('2026-11-30T23:59:59Z')), false);
  });

  it('an end of life at midnight today reads as reached', () => {
    const data = accepted(parseReleaseData(doc({}), 'f.json'));
    const [current] = endOfLifeChecks({ major: 1, minor: 33 }, { major: 1, minor: 33 }, data, new Date('2026-06-28T00:00:00Z'));
    assert.equal(current.detail, '1.33 reached end of life on 2026-06-28: no more security fixes');
  });
});
