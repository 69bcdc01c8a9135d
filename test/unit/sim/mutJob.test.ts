/**
 * The Job controller against kubernetes/kubernetes pkg/controller/job/job_controller.go:
 * syncJob (finished Jobs are left alone, Jobs being deleted get no new pods),
 * manageJob (parallelism bounded by the remaining completions, failed and
 * terminating pods replaced) and the status it writes (counters, startTime,
 * completionTime, the SuccessCriteriaMet and Complete conditions).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clone, type KubeObject, type Pod } from '../../sim/types';
import type { JobStatus } from '../../sim/controllers/job';
import { nodesYaml, startCluster, waitFor, type TestCluster } from './helpers';

const SPEC = (jobPodSeconds: number): string => `kubernetesVersion: v1.33.4\n  timeScale: 0.01\n  podStartSeconds: 1\n  jobPodSeconds: ${jobPodSeconds}`;

const jobYaml = (name: string, spec = '', extra = ''): string => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: default${extra}}
spec:
${spec}  template:
    metadata: {labels: {app: ${name}}}
    spec: {restartPolicy: Never, terminationGracePeriodSeconds: 30, containers: [{name: c, image: busybox}]}
`;

describe('Job controller', () => {
  const clusters: TestCluster[] = [];
  after(() => clusters.forEach((c) => c.stop()));
  const start = (objects: string[], jobPodSeconds = 30): TestCluster => {
    const c = startCluster([nodesYaml(['n1', 'n2']), ...objects].join('---\n'), SPEC(jobPodSeconds));
    clusters.push(c);
    return c;
  };
  const job = (c: TestCluster, name: string): KubeObject => c.cluster.store.get('batch/jobs', 'default', name)!;
  const status = (c: TestCluster, name: string): JobStatus => (job(c, name).status ?? {}) as JobStatus;
  const podsOf = (c: TestCluster, name: string): Pod[] => c.pods('default').filter((p) => p.metadata.ownerReferences?.some((r) => r.kind === 'Job' && r.name === name));
  const isComplete = (s: JobStatus): boolean => s.conditions?.some((x) => x.type === 'Complete' && x.status === 'True') === true;
  const podsDef = (c: TestCluster) => c.cluster.catalog.lookup('', 'v1', 'pods')!.def;
  const failPod = (c: TestCluster, pod: Pod): void => {
    const next = clone(pod);
    next.status = { ...next.status, phase: 'Failed' };
    next.status.containerStatuses = (next.status.containerStatuses ?? []).map((s) => ({ ...s, ready: false, started: false, state: { terminated: { exitCode: 1, reason: 'Error' } } }));
    c.cluster.put('/pods', next);
  };

  it('[job_controller.go manageJob] completions 3, parallelism 2: never more than 2 pods at once, exactly 3 pods in all, then Complete', async () => {
    const c = start([jobYaml('batch', '  completions: 3\n  parallelism: 2\n')], 50);
    const uid = job(c, 'batch').metadata.uid!;
    let maxActive = 0;
    let maxStatusActive = 0;
    const names = new Set<string>();
    const unsubscribe = c.cluster.store.subscribe((e) => {
      if (e.resource === '/pods') {
        const mine = podsOf(c, 'batch');
        mine.forEach((p) => names.add(p.metadata.name!));
        maxActive = Math.max(maxActive, mine.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length);
      }
      if (e.resource === 'batch/jobs') maxStatusActive = Math.max(maxStatusActive, ((e.object.status ?? {}) as JobStatus).active ?? 0);
    });
    try {
      // Both first pods run and are ready before either finishes (50 s, i.e. 0.5 s here).
      const during = await waitFor('two ready pods', () => (status(c, 'batch').ready === 2 ? status(c, 'batch') : undefined));
      assert.equal(during.active, 2);
      assert.equal(during.succeeded, undefined, 'zero counters are omitted');
      assert.equal(during.failed, undefined);
      assert.equal(during.terminating, 0);
      assert.equal(during.completionTime, undefined);
      assert.equal(during.conditions, undefined);
      assert.match(during.startTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.deepEqual(during.uncountedTerminatedPods, {});
      const first = podsOf(c, 'batch');
      assert.equal(first.length, 2);
      for (const p of first) {
        assert.match(p.metadata.name!, /^batch-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
        assert.deepEqual(p.metadata.labels, {
          app: 'batch',
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': 'batch',
          'controller-uid': uid,
          'job-name': 'batch',
        });
        assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'batch', uid, controller: true, blockOwnerDeletion: true }]);
      }
      // The first two finish together; the third pod is then the only one running.
      const midway = await waitFor('two completions', () => (status(c, 'batch').succeeded === 2 ? status(c, 'batch') : undefined));
      assert.equal(midway.startTime, during.startTime, 'startTime is set once');
      assert.equal(midway.conditions, undefined, 'not complete after 2 of 3');
      assert.equal(midway.active, 1);
      assert.equal(midway.completionTime, undefined);
      const done = await waitFor('complete', () => (isComplete(status(c, 'batch')) ? status(c, 'batch') : undefined), 8000);
      assert.equal(maxActive, 2, 'parallelism bounds the pods running at once');
      assert.equal(maxStatusActive, 2);
      assert.equal(names.size, 3, 'one pod per completion');
      const pods = podsOf(c, 'batch');
      assert.equal(pods.length, 3, 'finished pods are left in place');
      assert.deepEqual(pods.map((p) => p.status?.phase), ['Succeeded', 'Succeeded', 'Succeeded']);
      assert.equal(done.succeeded, 3);
      assert.equal(done.active, undefined);
      assert.equal(done.failed, undefined);
      assert.equal(done.ready, 0);
      assert.equal(done.terminating, 0);
      assert.equal(done.startTime, during.startTime);
      assert.match(done.completionTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(done.completionTime! >= done.startTime!);
      const t = done.completionTime;
      assert.deepEqual(done.conditions, [
        { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: t, lastTransitionTime: t },
        { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: t, lastTransitionTime: t },
      ]);
    } finally {
      unsubscribe();
    }
  });

  it('[job_controller.go manageJob] parallelism larger than completions starts only the pods still needed; defaults are one of each', async () => {
    const c = start([jobYaml('wide', '  completions: 2\n  parallelism: 5\n'), jobYaml('plain')], 40);
    assert.equal(podsOf(c, 'wide').length, 2, 'min(parallelism, completions - succeeded)');
    assert.equal(podsOf(c, 'plain').length, 1, 'completions and parallelism default to 1');
    assert.equal(status(c, 'wide').active, 2);
    assert.equal(status(c, 'plain').active, 1);
    assert.equal(status(c, 'plain').ready, 0, 'no pod is ready yet');
    await waitFor('both complete', () => isComplete(status(c, 'wide')) && isComplete(status(c, 'plain')));
    assert.equal(podsOf(c, 'wide').length, 2);
    assert.equal(podsOf(c, 'plain').length, 1);
    assert.equal(status(c, 'wide').succeeded, 2);
    assert.equal(status(c, 'plain').succeeded, 1);
  });

  it('[job_controller.go manageJob] parallelism 0 holds the Job: no pods and no active count until it is raised', async () => {
    const c = start([jobYaml('paused', '  parallelism: 0\n')]);
    assert.equal(podsOf(c, 'paused').length, 0);
    const s = status(c, 'paused');
    assert.equal(s.active, undefined);
    assert.equal(s.ready, 0);
    assert.equal(s.terminating, 0);
    assert.equal(s.conditions, undefined);
    assert.match(s.startTime ?? '', /Z$/);
    const next = clone(job(c, 'paused'));
    (next.spec as { parallelism: number }).parallelism = 1;
    c.cluster.update(c.cluster.catalog.definition('batch', 'jobs')!, 'default', 'paused', next);
    await waitFor('a pod', () => podsOf(c, 'paused').length === 1 && status(c, 'paused').active === 1);
    assert.equal(status(c, 'paused').startTime, s.startTime);
  });

  it('[job_controller.go syncJob IsJobFinished] a finished Job is not synced again: removing its pods brings no new ones and leaves the status as it was', async () => {
    const c = start([jobYaml('once')], 5);
    await waitFor('complete', () => isComplete(status(c, 'once')));
    const before = clone(job(c, 'once'));
    const [pod] = podsOf(c, 'once');
    c.cluster.delete(podsDef(c), 'default', pod!.metadata.name!, {});
    assert.equal(podsOf(c, 'once').length, 0, 'a Succeeded pod is removed at once');
    c.controllers.manager.runNow();
    assert.equal(podsOf(c, 'once').length, 0);
    assert.deepEqual(job(c, 'once').status, before.status);
    assert.equal(job(c, 'once').metadata.resourceVersion, before.metadata.resourceVersion);
  });

  it('[job_controller.go syncJob IsJobFinished] a Job already Failed gets no pods; a Complete condition with status False does not stop it', () => {
    const failed = `${jobYaml('gave-up')}status:
  failed: 7
  startTime: "2025-01-01T00:00:00Z"
  conditions:
  - {type: FailureTarget, status: "True", reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit}
  - {type: Failed, status: "True", reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit}
`;
    const notYet = `${jobYaml('not-yet')}status:
  startTime: "2025-01-02T03:04:05Z"
  conditions:
  - {type: Complete, status: "False"}
`;
    const c = start([failed, notYet]);
    assert.equal(podsOf(c, 'gave-up').length, 0);
    assert.deepEqual(status(c, 'gave-up'), {
      failed: 7,
      startTime: '2025-01-01T00:00:00Z',
      conditions: [
        { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
        { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
      ],
    });
    assert.equal(podsOf(c, 'not-yet').length, 1);
    assert.equal(status(c, 'not-yet').active, 1);
    assert.equal(status(c, 'not-yet').startTime, '2025-01-02T03:04:05Z', 'an existing startTime is kept');
  });

  it('[job_controller.go, controller_utils.go CountTerminatingPods] deleted pods that already finished count as succeeded or failed, not as terminating', () => {
    const held = (name: string, phase: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: default
  finalizers: [example.com/hold]
  deletionTimestamp: "2025-01-01T00:00:00Z"
  ownerReferences: [{apiVersion: batch/v1, kind: Job, name: tally, controller: true}]
spec: {nodeName: n1, restartPolicy: Never, containers: [{name: c, image: busybox}]}
status: {phase: ${phase}}
`;
    const c = start([jobYaml('tally', '  completions: 3\n'), held('tally-done', 'Succeeded'), held('tally-broken', 'Failed')], 1000);
    const s = status(c, 'tally');
    assert.equal(s.succeeded, 1);
    assert.equal(s.failed, 1);
    assert.equal(s.terminating, 0);
    assert.equal(s.active, 1, 'parallelism 1: one new pod for the two completions still missing');
    assert.equal(podsOf(c, 'tally').length, 3);
  });

  it('[job_controller.go syncJob] a Job marked for deletion (held by a finalizer) creates no pods', () => {
    const c = start([jobYaml('leaving', '', ', finalizers: [example.com/hold], deletionTimestamp: "2025-01-01T00:00:00Z"')]);
    assert.ok(job(c, 'leaving').metadata.deletionTimestamp);
    c.controllers.manager.runNow();
    assert.equal(podsOf(c, 'leaving').length, 0);
    assert.equal(job(c, 'leaving').status, undefined);
  });

  it('[job_controller.go syncJob] once a Job is being deleted, a pod that goes away is not replaced', async () => {
    const c = start([jobYaml('held', '', ', finalizers: [example.com/hold]')], 1000);
    await waitFor('running', () => podsOf(c, 'held')[0]?.status?.phase === 'Running');
    const jobsDef = c.cluster.catalog.definition('batch', 'jobs')!;
    c.cluster.delete(jobsDef, 'default', 'held', {});
    assert.ok(job(c, 'held').metadata.deletionTimestamp, 'kept by its finalizer');
    const [pod] = podsOf(c, 'held');
    c.cluster.delete(podsDef(c), 'default', pod!.metadata.name!, { gracePeriodSeconds: 0 });
    await waitFor('pod gone', () => podsOf(c, 'held').length === 0);
    c.controllers.manager.runNow();
    assert.equal(podsOf(c, 'held').length, 0);
  });

  it('[job_controller.go] a failed pod is counted, kept, and replaced; the Job then completes with both counters', async () => {
    const c = start([jobYaml('flaky')], 30);
    const first = await waitFor('running', () => {
      const p = podsOf(c, 'flaky')[0];
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    await waitFor('ready counted', () => status(c, 'flaky').ready === 1);
    failPod(c, first);
    const after = await waitFor('failure counted', () => (status(c, 'flaky').failed === 1 ? status(c, 'flaky') : undefined));
    assert.equal(after.active, 1, 'a replacement is active');
    assert.equal(after.succeeded, undefined);
    const pods = podsOf(c, 'flaky');
    assert.equal(pods.length, 2);
    assert.equal(pods.find((p) => p.metadata.uid === first.metadata.uid)?.status?.phase, 'Failed', 'the failed pod stays');
    assert.notEqual(pods.find((p) => p.metadata.uid !== first.metadata.uid)?.status?.phase, 'Failed');
    const done = await waitFor('complete', () => (isComplete(status(c, 'flaky')) ? status(c, 'flaky') : undefined), 8000);
    assert.equal(done.succeeded, 1);
    assert.equal(done.failed, 1);
    assert.equal(podsOf(c, 'flaky').length, 2);
  });

  it('[job_controller.go] a terminating pod is not active: it is counted as terminating and replaced at once (podReplacementPolicy TerminatingOrFailed)', async () => {
    const c = start([jobYaml('moving')], 1000);
    const first = await waitFor('running', () => {
      const p = podsOf(c, 'moving')[0];
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    await waitFor('ready counted', () => status(c, 'moving').ready === 1);
    // 30 s grace, 0.3 s here: the pod stays Terminating for a while.
    c.cluster.delete(podsDef(c), 'default', first.metadata.name!, {});
    const s = await waitFor('terminating counted', () => (status(c, 'moving').terminating === 1 ? status(c, 'moving') : undefined));
    assert.equal(s.active, 1, 'only the replacement is active');
    const pods = podsOf(c, 'moving');
    assert.equal(pods.length, 2);
    assert.ok(pods.find((p) => p.metadata.uid === first.metadata.uid)?.metadata.deletionTimestamp);
    const replacement = pods.find((p) => p.metadata.uid !== first.metadata.uid)!;
    assert.equal(replacement.metadata.deletionTimestamp, undefined);
    assert.equal(replacement.metadata.labels?.['job-name'], 'moving');
    await waitFor('terminated pod gone', () => podsOf(c, 'moving').length === 1 && status(c, 'moving').terminating === 0);
    assert.equal(status(c, 'moving').active, 1);
  });

  const backoff = { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  const failedPods = (job: string, n: number): string[] =>
    Array.from({ length: n }, (_, i) => `apiVersion: v1
kind: Pod
metadata:
  name: ${job}-f${i}
  namespace: default
  labels: {job-name: ${job}}
  ownerReferences: [{apiVersion: batch/v1, kind: Job, name: ${job}, controller: true}]
spec: {nodeName: n1, restartPolicy: Never, containers: [{name: c, image: busybox}]}
status: {phase: Failed}
`);
  const strip = (conds: JobStatus['conditions']) => conds?.map(({ lastProbeTime: _p, lastTransitionTime: _t, ...rest }) => rest);

  it('[job_controller.go syncJob exceedsBackoffLimit] backoffLimit 1: the second failure fails the Job (FailureTarget, then Failed) and no pod follows', async () => {
    const c = start([jobYaml('fragile', '  backoffLimit: 1\n')], 1000);
    const running = async (): Promise<Pod> =>
      waitFor('a running pod', () => podsOf(c, 'fragile').find((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp));
    failPod(c, await running());
    await waitFor('one failure counted', () => status(c, 'fragile').failed === 1 && status(c, 'fragile').active === 1);
    assert.equal(status(c, 'fragile').conditions, undefined, 'one failure is within the limit');
    failPod(c, await running());
    const s = await waitFor('Failed', () => (status(c, 'fragile').conditions?.some((x) => x.type === 'Failed') ? status(c, 'fragile') : undefined));
    assert.deepEqual(strip(s.conditions), [backoff, { ...backoff, type: 'Failed' }]);
    assert.equal(s.conditions![1]!.status, 'True');
    assert.equal(s.failed, 2);
    assert.equal(s.active, undefined);
    assert.equal(s.succeeded, undefined);
    assert.equal(s.completionTime, undefined, 'only a Complete Job gets a completionTime');
    c.controllers.manager.runNow();
    assert.deepEqual(podsOf(c, 'fragile').map((p) => p.status?.phase), ['Failed', 'Failed'], 'the failed pods stay, none is added');
  });

  it('[job_controller.go syncJob deleteActivePods] backoffLimit 0 with parallelism 2: the other pod is deleted; Failed waits until it is gone', async () => {
    const c = start([jobYaml('strict', '  backoffLimit: 0\n  parallelism: 2\n  completions: 2\n')], 1000);
    const both = await waitFor('two running pods', () => {
      const pods = podsOf(c, 'strict').filter((p) => p.status?.phase === 'Running');
      return pods.length === 2 ? pods : undefined;
    });
    failPod(c, both[0]!);
    const interim = await waitFor('FailureTarget', () => (status(c, 'strict').conditions ? status(c, 'strict') : undefined));
    assert.deepEqual(strip(interim.conditions), [backoff], 'not Failed while a pod is still terminating');
    assert.ok(podsOf(c, 'strict').find((p) => p.metadata.uid === both[1]!.metadata.uid)?.metadata.deletionTimestamp, 'the active pod is being deleted');
    assert.equal(interim.active, undefined);
    const done = await waitFor('Failed', () => (status(c, 'strict').conditions?.length === 2 ? status(c, 'strict') : undefined));
    assert.deepEqual(strip(done.conditions), [backoff, { ...backoff, type: 'Failed' }]);
    assert.equal(done.conditions![0]!.lastTransitionTime, interim.conditions![0]!.lastTransitionTime, 'FailureTarget is kept as it was');
    assert.equal(done.terminating, 0);
    assert.deepEqual(podsOf(c, 'strict').map((p) => p.metadata.uid), [both[0]!.metadata.uid]);
  });

  it('[job_controller.go] backoffLimit defaults to 6: six failed pods are retried, seven fail the Job', () => {
    const c = start([jobYaml('six'), ...failedPods('six', 6), jobYaml('seven'), ...failedPods('seven', 7)], 1000);
    assert.equal(status(c, 'six').failed, 6);
    assert.equal(status(c, 'six').conditions, undefined);
    assert.equal(status(c, 'six').active, 1);
    assert.equal(podsOf(c, 'six').length, 7);
    assert.equal(status(c, 'seven').failed, 7);
    assert.deepEqual(strip(status(c, 'seven').conditions), [backoff, { ...backoff, type: 'Failed' }]);
    assert.equal(podsOf(c, 'seven').length, 7);
  });
});
