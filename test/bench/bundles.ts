import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';

/** Size of the extension as one minified bundle with the Kubernetes client inlined: what the split saves. */
export async function singleBundleSize(): Promise<number> {
  const result = await esbuild.build({
    stdin: {
      contents: "export * from './src/extension'; export * from './src/cluster/kube';",
      resolveDir: repoRoot,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    write: false,
    external: ['vscode'],
    logLevel: 'silent',
  });
  return result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0);
}

export function bundleSizes(): { name: string; bytes: number }[] {
  const dist = path.join(repoRoot, 'dist');
  return fs
    .readdirSync(dist)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => ({ name: f, bytes: fs.statSync(path.join(dist, f)).size }));
}
