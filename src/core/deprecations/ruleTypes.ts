/**
 * Where a built-in row's versions come from:
 * - markers: the `+k8s:prerelease-lifecycle-gen` markers of k8s.io/api (introduced, deprecated, removed);
 * - guide: the official deprecated API migration guide (removals, replacements, "available since");
 * - release-notes: the changelog of the release that deprecated or removed it;
 * - docs: the kubernetes.io page the row links to (well-known labels, annotations and taints, feature pages);
 * - feature-gate: the documented stages of the feature gate that turns it off;
 * - project: the project that owns a CRD, cross-checked with the peers' rule data.
 */
export type RuleBasis = 'markers' | 'guide' | 'release-notes' | 'docs' | 'feature-gate' | 'project';

/** Facts about one deprecated or removed API version of one or more kinds. */
export interface ApiRule {
  readonly id: string;
  readonly group: string;
  readonly version: string;
  readonly kinds: readonly string[];
  /** First minor version that serves this API version, when known. */
  readonly introducedIn?: string;
  readonly deprecatedIn: string;
  /** Minor version that stops serving this API version; absent when no removal is announced. */
  readonly removedIn?: string;
  /** Absent when there is no direct replacement (for example PodSecurityPolicy). */
  readonly replacement?: ApiReplacement;
  /** What a manifest author has to know or change, in plain sentences. */
  readonly changes: readonly string[];
  readonly link: string;
  /**
   * Whether the replacement has the same schema, so changing apiVersion alone is a safe fix.
   * Built-in rules are reviewed one by one; user rules must say so explicitly.
   */
  readonly sameSchema?: boolean;
  /** Set on rules that come from user configuration. */
  readonly source?: string;
  /** For built-in rules: where the versions come from. */
  readonly basis?: readonly RuleBasis[];
}

export interface ApiReplacement {
  readonly apiVersion: string;
  /** First minor version that serves the replacement. */
  readonly availableSince: string;
}

/** Where a deprecated field, annotation or label is looked for. */
export type FieldLocation =
  /** A key at a dotted path below the object root, e.g. "spec.loadBalancerIP". */
  | { readonly type: 'objectField'; readonly path: string }
  /** A key directly inside any Pod spec: a Pod's spec or any workload's pod template spec. */
  | { readonly type: 'podSpecField'; readonly field: string }
  /** A key of any metadata.annotations map, the object's or a nested template's. */
  | { readonly type: 'annotation'; readonly key: string; readonly prefix?: boolean }
  /** A label key used in labels, selectors, node affinity or topology keys (not in tolerations). */
  | { readonly type: 'label'; readonly key: string; readonly prefix?: boolean }
  /**
   * A toleration of a taint key. A toleration beside another one for `harmlessWith` (with the
   * same or no effect) is harmless: the pod tolerates the new taint as well.
   */
  | { readonly type: 'toleration'; readonly key: string; readonly harmlessWith?: string }
  /** A volume source inside any Pod spec's volumes, e.g. gitRepo. */
  | { readonly type: 'podVolumeSource'; readonly source: string }
  /** An object reference at a dotted path (e.g. spec.scaleTargetRef) naming this apiVersion and kind. */
  | { readonly type: 'apiReference'; readonly path: string; readonly apiVersion: string; readonly kind: string };

export interface FieldRule {
  readonly id: string;
  readonly subject: 'field' | 'annotation' | 'label' | 'taint';
  /** The deprecated name as users write it, shown in messages. */
  readonly name: string;
  readonly location: FieldLocation;
  /** Restricts the rule to these object kinds; absent means any kind. */
  readonly kinds?: readonly string[];
  readonly deprecatedIn: string;
  /** Version from which the name has no effect any more; absent when none is announced. */
  readonly removedIn?: string;
  /** What to use instead, in words; absent when there is nothing to switch to. */
  readonly replacement?: string;
  readonly changes: readonly string[];
  readonly link: string;
  /** Where the versions come from. */
  readonly basis?: readonly RuleBasis[];
}

export function apiVersionOf(rule: Pick<ApiRule, 'group' | 'version'>): string {
  return rule.group === '' ? rule.version : `${rule.group}/${rule.version}`;
}
