import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli';

async function scanText(stdin: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['scan', '-', '--target-version', '1.33'], { stdout: (t) => (out += t), stderr: () => undefined, readStdin: async () => new TextEncoder().encode(stdin) });
  return { code, out };
}

describe('text output cannot forge CI log lines', () => {
  test('an annotation key with LF, CR and ESC is printed on one line with the characters escaped', async () => {
    const key = 'container.seccomp.security.alpha.kubernetes.io/app\\n::error file=x.yaml::forged\\r\\u001b[2K\\u0085';
    const manifest = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    "${key}": runtime/default\nspec:\n  containers: []\n`;
    const { out } = await scanText(manifest);
    const lines = out.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, out);
    assert.ok(![...lines[0]].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f)), JSON.stringify(lines[0]));
    assert.ok(lines[0].includes('app\\x0a::error file=x.yaml::forged\\x0d\\x1b[2K\\x85'), lines[0]);
    assert.ok(lines.every((l) => !l.startsWith('::')));
  });
});
