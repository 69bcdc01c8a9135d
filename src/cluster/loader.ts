import * as path from 'node:path';

export type KubeModule = typeof import('./kube');

let loaded: KubeModule | undefined;

/** Loads the Kubernetes client bundle on first use; it sits beside extension.js in dist/. */
export function loadKubeModule(): KubeModule {
  // A computed path keeps esbuild from pulling the client into extension.js.
  const file = path.join(__dirname, 'kube.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, computed require is the point
  loaded ??= require(file) as KubeModule;
  return loaded;
}

export function isKubeModuleLoaded(): boolean {
  return loaded !== undefined;
}
