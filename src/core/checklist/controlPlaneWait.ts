// Whether the control plane has reached the hop's version: every API server answering /version with
// it (behind a load balancer the servers of an HA control plane answer in turn, so several answers are
// needed), every component pod on it and Ready, and the control-plane nodes Ready. A managed control
// plane shows no component pods: there /version is all there is to go by.
import type { ControlPlaneComponent } from '../cluster/types';
import { formatMinor, parseMinorVersion } from '../versions/kubeVersion';

/** /version answers needed before the API servers count as upgraded (an HA trio answers in turn). */
export const MIN_VERSION_ANSWERS = 3;

/** etcd has its own versions (3.5.x, 3.6.x): it is not held to the Kubernetes minor. */
const VERSIONED_LIKE_KUBERNETES = new Set<string>(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'cloud-controller-manager']);

export interface ControlPlaneFacts {
  /** The gitVersions of the latest /version answers, oldest first (repeats kept). */
  readonly serverVersions: readonly string[];
  readonly components: readonly ControlPlaneComponent[];
  readonly controlPlaneNodes: readonly { readonly name: string; readonly ready: boolean; readonly kubeletVersion: string }[];
  readonly managed: boolean;
  /** Component pods seen when the wait began: one that is missing now is restarting, not done. */
  readonly expectedPods?: readonly string[];
}

export interface ControlPlaneVerdict {
  readonly done: boolean;
  /** What is not there yet, one phrase each: "kube-apiserver-cp-1 on v1.33.4", "cp-1 not Ready". */
  readonly stillOld: readonly string[];
  /** What was seen, in one line, for the step's evidence. */
  readonly observed: string;
}

function onMinor(version: string | undefined, to: string): boolean {
  const m = version === undefined ? undefined : parseMinorVersion(version);
  return m !== undefined && formatMinor(m) === to;
}

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => (n > 1 ? `${v} ×${n}` : v)).join(', ');
}

export function controlPlaneVerdict(facts: ControlPlaneFacts, to: string): ControlPlaneVerdict {
  const stillOld: string[] = [];
  const seen: string[] = [];

  const answers = facts.serverVersions;
  const oldAnswers = [...new Set(answers.filter((v) => !onMinor(v, to)))];
  for (const v of oldAnswers) stillOld.push(`an API server answers ${v}`);
  if (answers.length < MIN_VERSION_ANSWERS && oldAnswers.length === 0) {
    stillOld.push(answers.length === 0 ? 'no /version answer yet' : `only ${answers.length} of ${MIN_VERSION_ANSWERS} /version answers so far`);
  }
  if (answers.length > 0) seen.push(`/version: ${countBy(answers)}`);

  if (!facts.managed) {
    const present = new Set(facts.components.map((c) => c.podName));
    for (const name of facts.expectedPods ?? []) if (!present.has(name)) stillOld.push(`${name} not running (restarting?)`);
    const onTarget: string[] = [];
    const unchecked: string[] = [];
    for (const c of facts.components) {
      if (!VERSIONED_LIKE_KUBERNETES.has(c.component)) {
        if (!c.ready) stillOld.push(`${c.podName} not Ready`);
        continue;
      }
      if (c.version === undefined) {
        // An image without a version tag (a digest, a distribution's own build) cannot be checked.
        unchecked.push(c.podName);
        if (!c.ready) stillOld.push(`${c.podName} not Ready`);
        continue;
      }
      if (!onMinor(c.version, to)) stillOld.push(`${c.podName} on ${c.version}`);
      else if (!c.ready) stillOld.push(`${c.podName} on ${c.version} but not Ready`);
      else onTarget.push(c.component);
    }
    if (onTarget.length > 0) seen.push(`${countBy(onTarget)} on ${to}`);
    if (unchecked.length > 0) seen.push(`version not in the image of ${unchecked.join(', ')}`);
    if (facts.components.length === 0) stillOld.push('no control-plane pods are visible in kube-system');
  }

  for (const n of facts.controlPlaneNodes) if (!n.ready) stillOld.push(`${n.name} not Ready`);
  if (facts.controlPlaneNodes.length > 0) {
    const ready = facts.controlPlaneNodes.filter((n) => n.ready).map((n) => n.name);
    if (ready.length > 0) seen.push(`${ready.join(', ')} Ready`);
  }
  if (facts.managed) seen.push('managed control plane: /version only');

  return { done: stillOld.length === 0, stillOld, observed: seen.join('; ') || 'nothing seen yet' };
}
