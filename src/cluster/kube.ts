// The cluster client lives in this separate bundle (dist/kube.js, with undici); extension.js loads it
// through ./loader only when a cluster is first needed, so activation never pays for it.
import type { MergedKubeconfig } from '../core/kubeconfig';
import { ClusterError } from '../core/cluster/errors';
import { connectionConfigFor } from '../core/kubeconfig/connection';
import { KubeSession } from './session';
import type { ClusterSession, SessionOptions } from './types';

/** A session for one context: every call has a timeout and takes an AbortSignal. */
export function createSession(merged: MergedKubeconfig, contextName: string, options: SessionOptions): ClusterSession {
  let config;
  try {
    config = connectionConfigFor(merged, contextName);
  } catch (e) {
    throw new ClusterError({ kind: 'config', message: (e as Error).message });
  }
  return new KubeSession(config, options);
}
