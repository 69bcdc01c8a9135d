/** Setting keys, in one place so code and package.json stay in step. */
export const SECTION = 'kubeMaintenance';

export const Settings = {
  kubeconfig: 'kubeconfig',
  kubectlPath: 'kubectlPath',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  groupNodesBy: 'groupNodesBy',
} as const;

export const Commands = {
  refreshClusters: 'kubeMaintenance.refreshClusters',
  openKubeconfig: 'kubeMaintenance.openKubeconfig',
  chooseKubeconfig: 'kubeMaintenance.chooseKubeconfig',
  copyContextName: 'kubeMaintenance.copyContextName',
  showLog: 'kubeMaintenance.showLog',
  retryCluster: 'kubeMaintenance.retryCluster',
  groupNodesByVersion: 'kubeMaintenance.groupNodesByVersion',
  listNodesFlat: 'kubeMaintenance.listNodesFlat',
  pauseWatching: 'kubeMaintenance.pauseWatching',
  resumeWatching: 'kubeMaintenance.resumeWatching',
  copyNodeName: 'kubeMaintenance.copyNodeName',
  showNodeYaml: 'kubeMaintenance.showNodeYaml',
  listPodsOnNode: 'kubeMaintenance.listPodsOnNode',
} as const;

export const Views = {
  container: 'kubeMaintenance',
  clusters: 'kubeMaintenance.clusters',
} as const;

export const ContextKeys = {
  kubeconfigState: 'kubeMaintenance.kubeconfigState',
  kubeconfigOrigin: 'kubeMaintenance.kubeconfigOrigin',
  nodesGrouped: 'kubeMaintenance.nodesGrouped',
  watchPaused: 'kubeMaintenance.watchPaused',
} as const;
