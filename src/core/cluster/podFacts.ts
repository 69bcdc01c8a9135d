// Small readings of pod objects shared by the converters in ./fromApi.
import type { ApiContainer, ApiPod } from './apiTypes';
import { imageName, imageTag } from './imageRef';

const FINISHED_PHASES: ReadonlySet<string> = new Set(['Succeeded', 'Failed']);

export function podLabel(pod: ApiPod, key: string): string | undefined {
  return pod.metadata?.labels?.[key];
}

/** Succeeded and Failed pods hold no node resources any more. */
export function isFinished(pod: ApiPod): boolean {
  return FINISHED_PHASES.has(pod.status?.phase ?? '');
}

export function isDeleting(pod: ApiPod): boolean {
  return pod.metadata?.deletionTimestamp != null;
}

export function isPodReady(pod: ApiPod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The container that runs `program`: by container name, then by image name, then the only one. */
export function findContainer(pod: ApiPod, program: string): ApiContainer | undefined {
  const containers = pod.spec?.containers ?? [];
  return containers.find((c) => c.name === program)
    ?? containers.find((c) => c.image !== undefined && imageName(c.image) === program)
    ?? (containers.length === 1 ? containers[0] : undefined);
}

/**
 * The image tag of the container running `program`. The spec image comes first; the status image
 * is the fallback for digest-pinned specs, where the kubelet may report a tagged reference.
 */
export function programVersion(pod: ApiPod, program: string): string | undefined {
  const container = findContainer(pod, program);
  if (!container) {
    return undefined;
  }
  const status = pod.status?.containerStatuses?.find((s) => s.name === container.name);
  const images = [container.image, status?.image];
  for (const image of images) {
    const tag = image === undefined ? undefined : imageTag(image);
    if (tag !== undefined) {
      return tag;
    }
  }
  return undefined;
}
