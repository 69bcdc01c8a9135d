import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';

export interface TestHome {
  readonly home: string;
  /** KUBECONFIG for the extension host: two files, merged as kubectl would. */
  readonly kubeconfigEnv: string;
  readonly workspace: string;
  /** A private copy of test/fixtures the tests may change. */
  readonly fixtures: string;
}

/** A throwaway HOME with its own kubeconfig files, so tests never read the user's ~/.kube. */
export function prepareTestHome(dataDir: string): TestHome {
  const home = path.join(dataDir, 'home');
  const fixtures = path.join(dataDir, 'fixtures');
  fs.mkdirSync(path.join(home, '.kube'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures'), fixtures, { recursive: true });
  const kubeDir = path.join(fixtures, 'kubeconfig');
  const workspace = path.join(fixtures, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  return {
    home,
    kubeconfigEnv: [path.join(kubeDir, 'main.yaml'), path.join(kubeDir, 'does-not-exist.yaml'), path.join(kubeDir, 'extra.yaml')].join(path.delimiter),
    workspace,
    fixtures,
  };
}
