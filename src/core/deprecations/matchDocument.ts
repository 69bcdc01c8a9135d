import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { nodeAt, type ManifestObject, type Path } from '../manifests/manifestObjects';
import { objectsWithNestedLists } from './nestedLists';
import type { RuleSet } from './ruleSet';
import type { FieldRule } from './ruleTypes';

export type MatchSubject = 'api' | 'field' | 'annotation' | 'label' | 'taint';

/** A rule that applies to a node, independent of any target version. Offsets are into the parsed text. */
export interface RuleMatch {
  readonly ruleId: string;
  readonly subject: MatchSubject;
  readonly start: number;
  readonly end: number;
  readonly objectKind: string;
  readonly apiVersion: string;
  readonly objectName?: string;
  /** Path from the document root to the flagged node (for keys, the pair's path). */
  readonly path: Path;
  /** What the user wrote: the apiVersion, field name, annotation key or label key. */
  readonly name: string;
}

/** Deeper structures are not inspected; real manifests stay far below this. */
export const MAX_DEPTH = 100;

const POD_SPEC_PATHS: Record<string, Path> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const LABEL_KEY_MAPS = new Set(['nodeSelector', 'matchLabels', 'labels']);
const LABEL_VALUE_KEYS = new Set(['key', 'topologyKey']);

function samePath(a: Path, b: Path, offset: number): boolean {
  if (a.length - offset !== b.length) {
    return false;
  }
  for (let i = 0; i < b.length; i++) {
    if (a[offset + i] !== b[i]) {
      return false;
    }
  }
  return true;
}

function nameMatches(rule: FieldRule, key: string): boolean {
  const location = rule.location;
  if (location.type !== 'annotation' && location.type !== 'label') {
    return false;
  }
  return location.prefix === true ? key.startsWith(location.key) && key.length > location.key.length : key === location.key;
}

function appliesToKind(rule: FieldRule, kind: string): boolean {
  return rule.kinds === undefined || rule.kinds.includes(kind);
}

function nodeRange(node: Node): [number, number] {
  const range = node.range;
  return range ? [range[0], range[1]] : [0, 0];
}

class ObjectMatcher {
  constructor(
    private readonly rules: RuleSet,
    private readonly object: ManifestObject,
    private readonly out: RuleMatch[],
  ) {}

  run(): void {
    this.walk(this.object.node, [...this.object.path], 0);
  }

  private push(rule: FieldRule, node: Node, path: Path, name: string): void {
    const [start, end] = nodeRange(node);
    this.out.push({
      ruleId: rule.id,
      subject: rule.subject,
      start,
      end,
      objectKind: this.object.kind,
      apiVersion: this.object.apiVersion,
      objectName: this.object.name,
      path: [...path],
      name,
    });
  }

  private walk(node: unknown, path: (string | number)[], depth: number): void {
    if (depth > MAX_DEPTH || isAlias(node)) {
      return;
    }
    if (isSeq(node)) {
      node.items.forEach((item, index) => {
        path.push(index);
        this.walk(item, path, depth + 1);
        path.pop();
      });
      return;
    }
    if (!isMap(node)) {
      return;
    }
    for (const pair of node.items) {
      const keyNode = pair.key;
      if (!isScalar(keyNode)) {
        continue;
      }
      const key = String(keyNode.value);
      path.push(key);
      this.checkPair(keyNode, key, pair.value ?? undefined, path);
      // a List's items are objects of their own and are matched separately
      const isListItems = depth === 0 && key === 'items' && path.length === this.object.path.length + 1 && this.object.kind.endsWith('List');
      if (!isListItems) {
        this.walk(pair.value, path, depth + 1);
      }
      path.pop();
    }
  }

  /** Whether the tolerations list holding the toleration at `path` also tolerates `newKey` for the same effect. */
  private toleratedBeside(path: Path, newKey: string | undefined): boolean {
    if (newKey === undefined) {
      return false;
    }
    const relative = this.object.path.length;
    const list = nodeAt(this.object.node, path.slice(relative, -2));
    const own = nodeAt(this.object.node, path.slice(relative, -1));
    if (!isSeq(list) || !isMap(own)) {
      return false;
    }
    const effectOf = (toleration: YAMLMap): unknown => {
      const effect = nodeAt(toleration, ['effect']);
      return isScalar(effect) ? effect.value : undefined;
    };
    const effect = effectOf(own);
    return list.items.some((item) => {
      if (!isMap(item) || item === own) {
        return false;
      }
      const itemKey = nodeAt(item, ['key']);
      const itemEffect = effectOf(item);
      return isScalar(itemKey) && itemKey.value === newKey && (itemEffect === undefined || itemEffect === '' || itemEffect === effect);
    });
  }

  private checkPair(keyNode: Node, key: string, value: unknown, path: Path): void {
    const kind = this.object.kind;
    const parent = path.length >= 2 ? path[path.length - 2] : undefined;
    const grandParent = path.length >= 3 ? path[path.length - 3] : undefined;
    const relative = this.object.path.length;
    for (const rule of this.rules.fieldRules) {
      if (!appliesToKind(rule, kind)) {
        continue;
      }
      const location = rule.location;
      switch (location.type) {
        case 'annotation':
          if (parent === 'annotations' && grandParent === 'metadata' && nameMatches(rule, key)) {
            this.push(rule, keyNode, path, key);
          }
          break;
        case 'label':
          if (typeof parent === 'string' && LABEL_KEY_MAPS.has(parent) && nameMatches(rule, key)) {
            this.push(rule, keyNode, path, key);
          } else if (LABEL_VALUE_KEYS.has(key) && grandParent !== 'tolerations' && isScalar(value) && typeof value.value === 'string' && nameMatches(rule, value.value)) {
            this.push(rule, value as Node, path, value.value);
          }
          break;
        case 'toleration':
          if (key === 'key' && grandParent === 'tolerations' && typeof parent === 'number' && isScalar(value) && value.value === location.key && !this.toleratedBeside(path, location.harmlessWith)) {
            this.push(rule, value as Node, path, location.key);
          }
          break;
        case 'podVolumeSource': {
          const specPath = POD_SPEC_PATHS[kind];
          if (specPath && key === location.source && typeof parent === 'number' && path.length === relative + specPath.length + 3 && path[relative + specPath.length] === 'volumes' && samePath(path.slice(0, relative + specPath.length), specPath, relative)) {
            this.push(rule, keyNode, path, key);
          }
          break;
        }
        case 'apiReference':
          if (key === 'apiVersion' && isScalar(value) && value.value === location.apiVersion && samePath(path.slice(0, -1), location.path.split('.'), relative)) {
            const kindNode = nodeAt(this.object.node, [...path.slice(relative, -1), 'kind']);
            if (isScalar(kindNode) && kindNode.value === location.kind) {
              this.push(rule, value as Node, path, location.apiVersion);
            }
          }
          break;
        case 'podSpecField': {
          const specPath = POD_SPEC_PATHS[kind];
          if (specPath && key === location.field && path.length === relative + specPath.length + 1 && samePath(path.slice(0, -1), specPath, relative)) {
            this.push(rule, keyNode, path, key);
          }
          break;
        }
        case 'objectField':
          if (samePath(path, location.path.split('.'), relative)) {
            this.push(rule, keyNode, path, key);
          }
          break;
      }
    }
  }
}

/** Every rule match in one parsed document. */
export function matchDocument(doc: Document, rules: RuleSet): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const object of objectsWithNestedLists(doc)) {
    const apiRule = rules.findApiRule(object.apiVersion, object.kind);
    if (apiRule) {
      const [start, end] = nodeRange(object.apiVersionNode);
      out.push({
        ruleId: apiRule.id,
        subject: 'api',
        start,
        end,
        objectKind: object.kind,
        apiVersion: object.apiVersion,
        objectName: object.name,
        path: [...object.path, 'apiVersion'],
        name: object.apiVersion,
      });
    }
    new ObjectMatcher(rules, object, out).run();
  }
  return out;
}
