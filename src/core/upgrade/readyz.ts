// The apiserver's `/readyz?verbose` answer: one "[+]name ok" or "[-]name failed: reason" line per check.
import type { ReadyzCheck } from './facts';

export function parseReadyz(text: string): ReadyzCheck[] {
  const checks: ReadyzCheck[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^\[([+-])\]([^\s]+)/.exec(line);
    if (m) checks.push({ name: m[2], ok: m[1] === '+' });
  }
  if (checks.length === 0 && text.trim() === 'ok') checks.push({ name: 'readyz', ok: true });
  return checks;
}
