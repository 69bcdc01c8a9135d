// Renders media/icon.svg to the 128×128 media/icon.png the Marketplace needs (run with tsx after editing the SVG).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from '../harness/browser';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const svg = fs.readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
  await browser.close();
}

void main();
