// Rules the checklist panel's sources keep, so every theme can read it and no data becomes markup.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');
const css = fs.readFileSync(path.join(root, 'media', 'checklist.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('checklist panel sources', () => {
  it('the stylesheet takes every colour from the theme', () => {
    assert.deepEqual(css.match(/#[0-9a-f]{3,8}\b|\b(rgba?|hsla?)\(/gi) ?? [], [], 'no literal colours');
    const named = /(?:^|[\s:,(])(white|black|red|green|blue|gray|grey|yellow|orange)(?=[\s;,)])/gi;
    assert.deepEqual(css.match(named) ?? [], [], 'no named colours');
    const vars = [...css.matchAll(/var\((--[\w-]+)/g)].map((m) => m[1] ?? '');
    assert.ok(vars.length > 20);
    assert.deepEqual(vars.filter((v) => !v.startsWith('--vscode-') && !v.startsWith('--km-')), []);
  });

  it('the script never turns text into markup or sets inline handlers', () => {
    const files = sources(path.join(root, 'src', 'webview'));
    assert.ok(files.length > 5);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      assert.doesNotMatch(text, /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(/, path.relative(root, f));
      assert.doesNotMatch(text, /\.on[a-z]+\s*=/, `${path.relative(root, f)} sets an inline handler`);
    }
  });
});
