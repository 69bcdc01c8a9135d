import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeText, DEFAULT_DECODE_LIMITS, looksLikeKubernetes } from '../../../src/core/manifests/decodeText';

describe('decoding file bytes', () => {
  test('a file of exactly the size limit is read; one byte more is skipped, naming the limit in whole MB', () => {
    const limit = { maxBytes: 2 * 1024 * 1024 };
    assert.deepEqual(decodeText(new Uint8Array(limit.maxBytes).fill(0x61), limit), { ok: true, text: 'a'.repeat(limit.maxBytes) });
    assert.deepEqual(decodeText(new Uint8Array(limit.maxBytes + 1), limit), { ok: false, reason: 'skipped: larger than 2 MB' });
    const odd = { maxBytes: Math.floor(1.6 * 1024 * 1024) };
    assert.deepEqual(decodeText(new Uint8Array(odd.maxBytes + 1), odd), { ok: false, reason: 'skipped: larger than 2 MB' });
  });

  test('the default limit is 100 MB', () => {
    assert.equal(DEFAULT_DECODE_LIMITS.maxBytes, 100 * 1024 * 1024);
    assert.deepEqual(decodeText(new TextEncoder().encode('kind: Pod')), { ok: true, text: 'kind: Pod' });
  });

  test('UTF-16 with either byte-order mark is read; a broken one is skipped with its encoding', () => {
    assert.deepEqual(decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x61, 0x00, 0x62])), { ok: true, text: 'ab' });
    assert.deepEqual(decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x62, 0x00])), { ok: true, text: 'ab' });
    assert.deepEqual(decodeText(new Uint8Array([0xff, 0xfe, 0x61])), { ok: false, reason: 'skipped: invalid UTF-16LE' });
    assert.deepEqual(decodeText(new Uint8Array([0xfe, 0xff, 0x61])), { ok: false, reason: 'skipped: invalid UTF-16BE' });
    // a UTF-16 file has zero bytes, yet it is text
    assert.equal(decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00])).ok, true);
  });

  test('a lone 0xFF or 0xFE byte, or an 0xFF 0xFF pair, is not a byte-order mark', () => {
    assert.deepEqual(decodeText(new Uint8Array([0xff])), { ok: false, reason: 'skipped: not valid UTF-8' });
    assert.deepEqual(decodeText(new Uint8Array([0xfe])), { ok: false, reason: 'skipped: not valid UTF-8' });
    assert.deepEqual(decodeText(new Uint8Array([0xff, 0xff, 0x61, 0x00])), { ok: false, reason: 'skipped: binary file' });
    assert.deepEqual(decodeText(new Uint8Array([0xfe, 0xfe, 0x61, 0x62])), { ok: false, reason: 'skipped: not valid UTF-8' });
  });

  test('only the first 8 KiB decide whether a file is binary', () => {
    const late = new Uint8Array(9000).fill(0x61);
    late[8500] = 0;
    assert.equal(decodeText(late).ok, true);
    const early = new Uint8Array(9000).fill(0x61);
    early[8191] = 0;
    assert.deepEqual(decodeText(early), { ok: false, reason: 'skipped: binary file' });
  });
});

describe('what looks like a Kubernetes manifest', () => {
  test('an apiVersion key at a line start, after a brace, comma or blank, quoted or not, and a kind', () => {
    for (const text of ['apiVersion: v1\nkind: Pod', '{"apiVersion":"v1","kind":"Pod"}', "'apiVersion' : v1\nkind: x", '- apiVersion:\tv1\n  kind: x', '{"kind":"Pod","apiVersion":"v1"}', '{"kind":"Pod", apiVersion: v1}', 'x: 1\n  "apiVersion": v1\nkind: y']) {
      assert.ok(looksLikeKubernetes(text), JSON.stringify(text));
    }
  });

  test('no apiVersion key, a longer key, or no kind: not a manifest', () => {
    for (const text of ['name: ci\non: push\n', 'myapiVersion: v1\nkind: Pod', 'apiVersion: v1\nname: x', 'apiVersions: v1\nkind: Pod', 'x: apiVersion\nkind: Pod', 'apiVersion\nkind: Pod', '-apiVersion: v1\nkind: x']) {
      assert.ok(!looksLikeKubernetes(text), JSON.stringify(text));
    }
  });
});
