// Minimal structural views of the Kubernetes API objects that ./fromApi reads. Every field is optional
// so that raw API JSON, `@kubernetes/client-node` models (which carry Date objects) and those models
// after a JSON round trip all fit.

/** RFC 3339 text in raw JSON, a Date from the client library. */
export type ApiTimestamp = string | Date | null;

export interface ApiOwnerReference {
  readonly kind?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly controller?: boolean;
}

export interface ApiObjectMeta {
  readonly name?: string;
  readonly resourceVersion?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: ApiTimestamp;
  readonly deletionTimestamp?: ApiTimestamp;
  readonly ownerReferences?: readonly ApiOwnerReference[];
}

export interface ApiCondition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
}

export interface ApiTaint {
  readonly key?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly timeAdded?: ApiTimestamp;
}

export interface ApiNodeSystemInfo {
  readonly kubeletVersion?: string;
  readonly kubeProxyVersion?: string;
  readonly containerRuntimeVersion?: string;
  readonly osImage?: string;
  readonly kernelVersion?: string;
  readonly architecture?: string;
  readonly operatingSystem?: string;
}

export interface ApiNodeAddress {
  readonly type?: string;
  readonly address?: string;
}

/** Quantities are strings in JSON ("110"); a number is accepted too. */
export type ApiQuantity = string | number;

export interface ApiNode {
  readonly metadata?: ApiObjectMeta;
  readonly spec?: {
    readonly unschedulable?: boolean;
    readonly taints?: readonly ApiTaint[];
  };
  readonly status?: {
    readonly conditions?: readonly ApiCondition[];
    readonly nodeInfo?: ApiNodeSystemInfo;
    readonly addresses?: readonly ApiNodeAddress[];
    readonly allocatable?: Readonly<Record<string, ApiQuantity>>;
  };
}

export interface ApiContainer {
  readonly name?: string;
  readonly image?: string;
  readonly resources?: { readonly requests?: Readonly<Record<string, ApiQuantity>> };
}

export interface ApiToleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

export interface ApiVolume {
  readonly name?: string;
  readonly emptyDir?: unknown;
}

export interface ApiContainerStatus {
  readonly name?: string;
  readonly image?: string;
  readonly ready?: boolean;
}

export interface ApiPod {
  readonly metadata?: ApiObjectMeta;
  readonly spec?: {
    readonly nodeName?: string;
    readonly containers?: readonly ApiContainer[];
    readonly initContainers?: readonly ApiContainer[];
    readonly volumes?: readonly ApiVolume[];
    readonly nodeSelector?: Readonly<Record<string, string>>;
    readonly tolerations?: readonly ApiToleration[];
    readonly terminationGracePeriodSeconds?: number;
  };
  readonly status?: {
    readonly phase?: string;
    readonly conditions?: readonly ApiCondition[];
    readonly containerStatuses?: readonly ApiContainerStatus[];
  };
}
