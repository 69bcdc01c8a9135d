// The checklist panel's page: nothing loads but our own files, and the only script runs by nonce.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Window } from 'happy-dom';
import { contentSecurityPolicy, escapeHtml, panelHtml } from '../../../src/features/checklist/panelHtml';

const CSP_SOURCE = 'https://*.vscode-cdn.net';
const nonce = randomBytes(18).toString('base64');
const input = {
  cspSource: CSP_SOURCE,
  nonce,
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/checklist.js',
  styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/codicons/codicon.css', 'https://file+.vscode-resource.vscode-cdn.net/ext/media/checklist.css'],
  title: 'Upgrade Checklist: prod "<eu>"',
};

function parse(html: string): Document {
  const w = new Window();
  const doc = new w.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  return doc;
}

describe('checklist panel page', () => {
  it('sets the strict policy: nothing by default, our own styles, fonts and images, scripts only by nonce', () => {
    const doc = parse(panelHtml(input));
    const meta = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
    assert.equal(meta?.getAttribute('content'), `default-src 'none'; img-src ${CSP_SOURCE} data:; style-src ${CSP_SOURCE}; font-src ${CSP_SOURCE}; script-src 'nonce-${nonce}'`);
    assert.equal(contentSecurityPolicy(CSP_SOURCE, nonce).includes('unsafe'), false);
  });

  it('every script carries the nonce and loads from the extension; none is inline', () => {
    const doc = parse(panelHtml(input));
    const scripts = Array.from(doc.querySelectorAll('script'));
    assert.equal(scripts.length, 1);
    for (const s of scripts) {
      assert.equal(s.getAttribute('nonce'), nonce);
      assert.equal(s.getAttribute('src'), input.scriptUri);
      assert.equal((s.textContent ?? '').trim(), '');
    }
    assert.deepEqual(Array.from(doc.querySelectorAll('link[rel="stylesheet"]')).map((l) => l.getAttribute('href')), input.styleUris);
  });

  it('has no inline handlers, inline styles or javascript: URLs', () => {
    const html = panelHtml(input);
    const doc = parse(html);
    for (const e of Array.from(doc.querySelectorAll('*'))) {
      for (const a of Array.from(e.attributes)) {
        assert.doesNotMatch(a.name, /^on/i, `${e.tagName} has ${a.name}`);
        assert.notEqual(a.name, 'style', `${e.tagName} has an inline style`);
        assert.doesNotMatch(a.value, /^\s*javascript:/i);
      }
    }
    assert.equal(doc.querySelectorAll('style').length, 0);
  });

  it('escapes the title', () => {
    const doc = parse(panelHtml(input));
    assert.equal(doc.querySelector('title')?.textContent, input.title);
    assert.equal(escapeHtml('<a href="x">&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });

  it('refuses a missing or guessable nonce', () => {
    for (const n of ['', 'abc', "x' 'unsafe-inline"]) assert.throws(() => panelHtml({ ...input, nonce: n }), /nonce/);
  });
});
