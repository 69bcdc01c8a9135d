/**
 * The Job controller: runs up to `parallelism` pods until `completions` have
 * succeeded, then marks the Job Complete. Pods that are evicted before finishing
 * are replaced; more than `backoffLimit` (default 6) failed pods mark it Failed.
 */
import type { SimCluster } from '../cluster';
import type { Workload } from '../types';
import type { Controller } from './manager';
import { asPod, byControllerUid, isActive, isPodReady } from './podState';
import { createPodFor, writeStatus } from './podTemplates';

export interface JobStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
  ready?: number;
  terminating?: number;
  startTime?: string;
  completionTime?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string; lastProbeTime?: string; lastTransitionTime?: string }[];
  uncountedTerminatedPods?: Record<string, never>;
}

export class JobController implements Controller {
  readonly name = 'job';

  constructor(private readonly cluster: SimCluster) {}

  reconcile(): void {
    const jobs = this.cluster.store.all('batch/jobs') as Workload[];
    if (jobs.length === 0) return;
    const owned = byControllerUid(this.cluster.store.all('/pods'));
    for (const job of jobs) {
      if (job.metadata.deletionTimestamp) continue;
      const prev = (job.status ?? {}) as JobStatus;
      if (prev.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) continue;
      const pods = (owned.get(job.metadata.uid ?? '') ?? []).map(asPod);
      const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
      const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
      const active = pods.filter(isActive);
      const terminating = pods.filter((p) => p.metadata.deletionTimestamp !== undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
      const completions = job.spec.completions ?? 1;
      const parallelism = job.spec.parallelism ?? 1;
      const now = this.cluster.clock.timestamp();
      const status: JobStatus = { ...prev, startTime: prev.startTime ?? now, uncountedTerminatedPods: {} };
      if (succeeded >= completions) {
        status.completionTime = now;
        status.conditions = [
          { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now, lastTransitionTime: now },
          { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now, lastTransitionTime: now },
        ];
        delete status.active;
      } else if (failed > (typeof job.spec.backoffLimit === 'number' ? job.spec.backoffLimit : 6)) {
        // Backoff limit exceeded: FailureTarget at once, active pods deleted, Failed once none is left.
        const failure = (type: string) => ({ type, status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: now, lastTransitionTime: now });
        for (const p of active) this.cluster.deletePod(p);
        const target = prev.conditions?.find((c) => c.type === 'FailureTarget') ?? failure('FailureTarget');
        status.conditions = active.length === 0 && terminating === 0 ? [target, failure('Failed')] : [target];
        delete status.active;
      } else {
        const want = Math.min(parallelism, completions - succeeded) - active.length;
        const labels = {
          'batch.kubernetes.io/controller-uid': job.metadata.uid ?? '',
          'batch.kubernetes.io/job-name': job.metadata.name ?? '',
          'controller-uid': job.metadata.uid ?? '',
          'job-name': job.metadata.name ?? '',
        };
        for (let i = 0; i < want; i++) createPodFor(this.cluster, job, { name: `${job.metadata.name}-${this.cluster.random.suffix()}`, labels });
        if (active.length + Math.max(0, want) > 0) status.active = active.length + Math.max(0, want);
        else delete status.active;
      }
      if (succeeded > 0) status.succeeded = succeeded;
      if (failed > 0) status.failed = failed;
      status.ready = active.filter(isPodReady).length;
      status.terminating = terminating;
      writeStatus(this.cluster, 'batch/jobs', job, status as Record<string, unknown>);
    }
  }
}
