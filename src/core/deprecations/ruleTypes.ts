/** Facts about one deprecated or removed API version of one or more kinds. */
export interface ApiRule {
  readonly id: string;
  readonly group: string;
  readonly version: string;
  readonly kinds: readonly string[];
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
  /** A label key used in labels, selectors, node affinity, topology keys or tolerations. */
  | { readonly type: 'label'; readonly key: string; readonly prefix?: boolean };

export interface FieldRule {
  readonly id: string;
  readonly subject: 'field' | 'annotation' | 'label';
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
}

export function apiVersionOf(rule: Pick<ApiRule, 'group' | 'version'>): string {
  return rule.group === '' ? rule.version : `${rule.group}/${rule.version}`;
}
