// The .vsix a user installs: only what it needs, and small. Built by "npm run package" before the UI tests.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import yauzl from 'yauzl';
import { VSIX } from './workbench';

function listZip(file: string): Promise<{ name: string; size: number }[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('cannot open'));
      const entries: { name: string; size: number }[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        entries.push({ name: e.fileName, size: e.uncompressedSize });
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const ALLOWED = [/^extension\/dist\/[^/]+\.js$/, /^extension\/dist\/webview\/[^/]+\.(js|css)$/, /^extension\/media\/(?!screenshots\/)/, /^extension\/(readme\.md|changelog\.md|license(\.txt)?|package\.json)$/i, /^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/];

describe('the packaged .vsix', () => {
  it('holds only dist/, media/, README, LICENSE, CHANGELOG and package.json', async () => {
    const entries = await listZip(VSIX);
    const unexpected = entries.map((e) => e.name).filter((n) => !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(unexpected, []);
    for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/kube.js', 'extension/dist/cli.js', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/changelog.md', 'extension/media/activity-bar.svg']) {
      assert.ok(entries.some((e) => e.name.toLowerCase() === required.toLowerCase()), `${required} is in the .vsix`);
    }
  });

  it('is at most 5 MB, with a small extension bundle that does not contain the Kubernetes client', async () => {
    assert.ok(fs.statSync(VSIX).size <= 5 * 1024 * 1024, `the .vsix is ${fs.statSync(VSIX).size} bytes`);
    const entries = await listZip(VSIX);
    const ext = entries.find((e) => e.name === 'extension/dist/extension.js');
    // The parser, the rules, the tree, drain, plan and the checklist's host (the checklist is ~100 KB of it;
    // it could become a bundle of its own loaded on first use, like the Kubernetes client).
    assert.ok(ext && ext.size <= 560 * 1024, `dist/extension.js is ${ext?.size} bytes`);
    const text = fs.readFileSync('dist/extension.js', 'utf8');
    assert.ok(!text.includes('loadFromOptions'), 'the Kubernetes client is not bundled into extension.js');
  });
});
