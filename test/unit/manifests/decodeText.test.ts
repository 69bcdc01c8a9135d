import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeText, looksLikeKubernetes } from '../../../src/core/manifests/decodeText';

test('UTF-8 with and without BOM, UTF-16 with BOM', () => {
  assert.deepEqual(decodeText(new TextEncoder().encode('a: ü')), { ok: true, text: 'a: ü' });
  assert.deepEqual(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), { ok: true, text: 'a' });
  assert.deepEqual(decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00])), { ok: true, text: 'a' });
});

test('binary, invalid UTF-8 and oversized input are skipped with a reason', () => {
  assert.deepEqual(decodeText(new Uint8Array([0x61, 0x00, 0x62])), { ok: false, reason: 'skipped: binary file' });
  assert.deepEqual(decodeText(new Uint8Array([0x61, 0xc3, 0x28])), { ok: false, reason: 'skipped: not valid UTF-8' });
  assert.equal(decodeText(new Uint8Array(11), { maxBytes: 10 }).ok, false);
});

test('looks for an apiVersion key in YAML or JSON', () => {
  assert.ok(looksLikeKubernetes('apiVersion: v1\nkind: Pod'));
  assert.ok(looksLikeKubernetes('{"apiVersion":"v1","kind":"Pod"}'));
  assert.ok(!looksLikeKubernetes('name: ci\non: push\n'));
});
