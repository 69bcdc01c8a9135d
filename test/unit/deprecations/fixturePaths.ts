import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const FIXTURES = resolve(__dirname, '../../fixtures/manifests');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Every fixture file below test/fixtures/manifests, as paths relative to it. */
export function allFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else {
        out.push(relative(FIXTURES, full));
      }
    }
  };
  walk(FIXTURES);
  return out;
}
