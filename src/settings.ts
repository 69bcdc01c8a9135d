/** Setting keys, in one place so code and package.json stay in step. */
export const SECTION = 'kubeMaintenance';

export const Settings = {
  kubeconfig: 'kubeconfig',
} as const;

export const Commands = {
  refreshClusters: 'kubeMaintenance.refreshClusters',
  openKubeconfig: 'kubeMaintenance.openKubeconfig',
  chooseKubeconfig: 'kubeMaintenance.chooseKubeconfig',
  copyContextName: 'kubeMaintenance.copyContextName',
  showLog: 'kubeMaintenance.showLog',
} as const;

export const Views = {
  container: 'kubeMaintenance',
  clusters: 'kubeMaintenance.clusters',
} as const;

export const ContextKeys = {
  kubeconfigState: 'kubeMaintenance.kubeconfigState',
  kubeconfigOrigin: 'kubeMaintenance.kubeconfigOrigin',
} as const;
