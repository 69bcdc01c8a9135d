import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinReleaseData, dataAgeDays, parseReleaseDataText, stalenessWarning, STALE_AFTER_DAYS } from '../../../src/core/releases/releaseData';

describe('release data', () => {
  it('ships every minor from 1.19 to the newest announced, with sources and generatedAt', () => {
    const data = builtinReleaseData();
    const versions = data.releases.map((r) => r.version);
    assert.equal(versions[0], '1.19');
    for (let i = 1; i < versions.length; i++) {
      assert.equal(versions[i], `1.${19 + i}`, 'no minor is missing');
    }
    assert.ok(data.sources.some((s) => s.url.startsWith('https://kubernetes.io/')));
    assert.ok(data.sources.some((s) => s.url.includes('endoflife.date')));
    for (const r of data.releases.filter((x) => x.releaseDate)) {
      assert.ok(r.endOfLife && r.latestPatch, `${r.version} has an end of life and a patch`);
      assert.ok(r.latestPatch?.startsWith(`${r.version}.`));
    }
    assert.match(data.generatedAt, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(data.platforms['eks']?.windows.length);
  });

  it('warns only once the data is older than 90 days', () => {
    const data = { generatedAt: '2026-09-01', origin: 'x' };
    const day90 = new Date(Date.parse('2026-09-01T00:00:00Z') + STALE_AFTER_DAYS * 86_400_000);
    assert.equal(dataAgeDays(data, day90), 90);
    assert.equal(stalenessWarning(data, day90), undefined);
    const day91 = new Date(day90.getTime() + 86_400_000);
    assert.match(stalenessWarning(data, day91) ?? '', /91 days old.*releaseDataFile/);
  });

  it('refuses a file with missing sources, bad dates, a bad patch or a duplicate', () => {
    const bad = parseReleaseDataText(JSON.stringify({
      generatedAt: '2026-12-01',
      sources: [],
      releases: [
        { version: '1.30', releaseDate: '2024-04-17', endOfLife: '2024-01-01', latestPatch: '1.29.3' },
        { version: '1.30', releaseDate: 'April' },
      ],
    }), 'bad.json');
    assert.equal(bad.ok, false);
    const errors = bad.ok ? [] : bad.errors.join('\n');
    assert.match(String(errors), /sources/);
    assert.match(String(errors), /endOfLife is not after releaseDate/);
    assert.match(String(errors), /latestPatch must be a 1\.30\.N/);
    assert.match(String(errors), /releaseDate must be a date/);
    assert.match(String(errors), /listed twice/);
    assert.equal(parseReleaseDataText('{', 'x.json').ok, false);
  });

  it('accepts a newer file and keeps its origin', () => {
    const r = parseReleaseDataText(JSON.stringify({ generatedAt: '2027-03-01', sources: [{ name: 'k', url: 'https://kubernetes.io/releases/' }], releases: [{ version: '1.38', releaseDate: '2026-12-16', endOfLife: '2028-02-28', latestPatch: '1.38.2' }] }), '/tmp/new.json');
    assert.ok(r.ok);
    assert.equal(r.ok && r.data.origin, '/tmp/new.json');
  });
});
