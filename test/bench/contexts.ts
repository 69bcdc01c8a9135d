import { parse } from 'yaml';
import { loadKubeconfig } from '../../src/core/kubeconfig';

export function generateKubeconfig(contexts: number): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'current-context: ctx-0', 'clusters:'];
  for (let i = 0; i < contexts; i++) lines.push(`- name: cluster-${i}`, '  cluster:', `    server: https://10.0.${i >> 8}.${i & 255}:6443`, `    certificate-authority-data: ${'QUJD'.repeat(300)}`);
  lines.push('users:');
  for (let i = 0; i < contexts; i++) lines.push(`- name: user-${i}`, '  user:', `    token: ${'t'.repeat(64)}`);
  lines.push('contexts:');
  for (let i = 0; i < contexts; i++) lines.push(`- name: ctx-${i}`, '  context:', `    cluster: cluster-${i}`, `    user: user-${i}`, `    namespace: ns-${i % 7}`);
  return lines.join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Median ms to list the contexts of a kubeconfig with `contexts` entries, and of a bare YAML parse of it. */
export async function measureContextListing(contexts: number, runs = 15): Promise<{ listMs: number; parseMs: number }> {
  const text = generateKubeconfig(contexts);
  const list: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const r = await loadKubeconfig({ origin: 'default', files: ['/bench/config'] }, async () => text);
    list.push(performance.now() - t);
    if (r.state !== 'ok' || r.config.contexts.length !== contexts) throw new Error('context listing benchmark listed the wrong thing');
    t = performance.now();
    parse(text);
    bare.push(performance.now() - t);
  }
  return { listMs: median(list), parseMs: median(bare) };
}
