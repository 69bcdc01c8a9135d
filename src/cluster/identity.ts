import type { ClusterSession } from './types';

/** Who is acting, as the cluster sees it (SelfSubjectReview, as `kubectl auth whoami`), else the fallback. */
export async function whoAmI(session: ClusterSession, fallback: string, signal?: AbortSignal): Promise<string> {
  try {
    const r = await session.post<{ status?: { userInfo?: { username?: string } } }>(
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      { timeoutMs: 5000, ...(signal ? { signal } : {}) },
    );
    return r.status?.userInfo?.username || fallback;
  } catch {
    return fallback;
  }
}
