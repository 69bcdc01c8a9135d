/**
 * Server-side printing: the columns and cells kube-apiserver returns for
 * `Accept: application/json;as=Table` (the TableConvertor of each built-in type,
 * generated with Wide=true so priority-1 columns are always present and kubectl
 * hides them unless `-o wide`). Cell formats follow
 * kubernetes/pkg/printers/internalversion/printers.go and
 * k8s.io/apimachinery/pkg/util/duration.HumanDuration.
 */
import type { ResourceDef } from './apiCatalog';
import type { Condition, Container, KubeObject, LabelSelector, Node, Pod, PodDisruptionBudget, Workload } from './types';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean | null;

export interface RowConditions {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PrintedRow {
  cells: Cell[];
  conditions?: RowConditions[];
}

export interface Printer {
  columns: TableColumnDefinition[];
  print(obj: KubeObject, now: number): PrintedRow;
}

/** HumanDuration from k8s.io/apimachinery/pkg/util/duration. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

export function age(timestamp: string | undefined | null, now: number): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(now - Date.parse(timestamp));
}

const col = (name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition => ({ name, type, format, description, priority });
const NAME = col('Name', 'string', 'Name of the object, unique within its namespace.', 0, 'name');
const AGE = col('Age', 'string', 'Time since the object was created (creationTimestamp).');
const CONTAINERS = col('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES = col('Images', 'string', 'Images referenced by each container in the template.', 1);

function containerNames(containers: Container[] | undefined): string {
  return (containers ?? []).map((c) => c.name).join(',');
}

function containerImages(containers: Container[] | undefined): string {
  return (containers ?? []).map((c) => c.image ?? '').join(',');
}

/** metav1.FormatLabelSelector. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels![k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${e.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(e.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
    }
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

function printPod(obj: KubeObject, now: number): PrintedRow {
  const pod = obj as Pod;
  const status = pod.status ?? {};
  let restarts = 0;
  let lastRestart = 0;
  const total = pod.spec.containers.length;
  let ready = 0;
  let reason: string = status.phase ?? '';
  if (status.reason) reason = status.reason;
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    restarts += c.restartCount;
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    else if (wait?.reason && wait.reason !== 'PodInitializing') reason = `Init:${wait.reason}`;
    else reason = `Init:${i}/${(pod.spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  const initializedTrue = status.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True') ?? false;
  if (!initializing || initializedTrue) {
    restarts = 0;
    let hasRunning = false;
    const cs = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      restarts += c.restartCount;
      const finished = c.lastState?.terminated?.finishedAt;
      if (finished) lastRestart = Math.max(lastRestart, Date.parse(finished));
      const st = c.state ?? {};
      if (st.waiting?.reason) reason = st.waiting.reason;
      else if (st.terminated?.reason) reason = st.terminated.reason;
      else if (st.terminated) reason = st.terminated.signal ? `Signal:${st.terminated.signal}` : `ExitCode:${st.terminated.exitCode}`;
      else if (c.ready && st.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart > 0) restartsText = `${restarts} (${humanDuration(now - lastRestart)} ago)`;

  const gates = pod.spec.readinessGates ?? [];
  let gatesText = '<none>';
  if (gates.length > 0) {
    const trueConds = new Set((status.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type));
    gatesText = `${gates.filter((g) => trueConds.has(g.conditionType)).length}/${gates.length}`;
  }
  const row: PrintedRow = {
    cells: [
      pod.metadata.name ?? '',
      `${ready}/${total}`,
      reason,
      restartsText,
      age(pod.metadata.creationTimestamp, now),
      status.podIPs?.[0]?.ip || status.podIP || '<none>',
      pod.spec.nodeName || '<none>',
      status.nominatedNodeName || '<none>',
      gatesText,
    ],
  };
  if (status.phase === 'Succeeded') row.conditions = [{ type: 'Completed', status: 'True' }];
  else if (status.phase === 'Failed') row.conditions = [{ type: 'Completed', status: 'False' }];
  return row;
}

export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

export function nodeStatusText(node: Node): string {
  const ready = node.status?.conditions?.find((c: Condition) => c.type === 'Ready');
  const parts: string[] = [];
  if (ready) parts.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  else parts.push('Unknown');
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function printNode(obj: KubeObject, now: number): PrintedRow {
  const node = obj as Node;
  const info = node.status?.nodeInfo;
  const addr = (type: string): string => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
  const roles = nodeRoles(node.metadata.labels).join(',');
  return {
    cells: [
      node.metadata.name ?? '',
      nodeStatusText(node),
      roles || '<none>',
      age(node.metadata.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      addr('InternalIP'),
      addr('ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ],
  };
}

function templateContainers(w: Workload): Container[] {
  return w.spec.template?.spec?.containers ?? [];
}

const PRINTERS: Record<string, Printer> = {
  '/pods': {
    columns: [
      NAME,
      col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'string', 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      AGE,
      col('IP', 'string', 'IP address allocated to the pod.', 1),
      col('Node', 'string', 'Name of the node the pod is bound to.', 1),
      col('Nominated Node', 'string', 'Node nominated by the scheduler for preemption.', 1),
      col('Readiness Gates', 'string', 'Pod readiness gates that are satisfied.', 1),
    ],
    print: printPod,
  },
  '/nodes': {
    columns: [
      NAME,
      col('Status', 'string', 'The status of the node'),
      col('Roles', 'string', 'The roles of the node'),
      AGE,
      col('Version', 'string', 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
      col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
      col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release.', 1),
      col('Kernel-Version', 'string', 'Kernel Version reported by the node.', 1),
      col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node.', 1),
    ],
    print: printNode,
  },
  '/namespaces': {
    columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
    print: (o, now) => ({ cells: [o.metadata.name ?? '', (o.status as { phase?: string } | undefined)?.phase ?? '', age(o.metadata.creationTimestamp, now)] }),
  },
  '/secrets': {
    columns: [NAME, col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'string', 'Number of keys in the secret.'), AGE],
    print: (o, now) => ({
      cells: [o.metadata.name ?? '', (o.type as string | undefined) ?? '', Object.keys((o.data as object | undefined) ?? {}).length + Object.keys((o.stringData as object | undefined) ?? {}).length, age(o.metadata.creationTimestamp, now)],
    }),
  },
  '/configmaps': {
    columns: [NAME, col('Data', 'string', 'Number of keys in the config map.'), AGE],
    print: (o, now) => ({
      cells: [o.metadata.name ?? '', Object.keys((o.data as object | undefined) ?? {}).length + Object.keys((o.binaryData as object | undefined) ?? {}).length, age(o.metadata.creationTimestamp, now)],
    }),
  },
  '/services': {
    columns: [
      NAME,
      col('Type', 'string', 'The type of the service.'),
      col('Cluster-IP', 'string', 'The cluster IP of the service.'),
      col('External-IP', 'string', 'External IPs of the service.'),
      col('Port(s)', 'string', 'The ports of the service.'),
      AGE,
      col('Selector', 'string', 'The label selector of the service.', 1),
    ],
    print: (o, now) => {
      const spec = (o.spec ?? {}) as { type?: string; clusterIP?: string; externalIPs?: string[]; ports?: { port: number; nodePort?: number; protocol?: string }[]; selector?: Record<string, string> };
      const type = spec.type ?? 'ClusterIP';
      let external = '<none>';
      if (spec.externalIPs?.length) external = spec.externalIPs.join(',');
      else if (type === 'LoadBalancer') external = '<pending>';
      const ports = (spec.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
      return { cells: [o.metadata.name ?? '', type, spec.clusterIP || '<none>', external, ports || '<none>', age(o.metadata.creationTimestamp, now), formatLabels(spec.selector)] };
    },
  },
  'apps/deployments': {
    columns: [
      NAME,
      col('Ready', 'string', 'Number of the pod with ready state'),
      col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
      col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
      AGE,
      CONTAINERS,
      IMAGES,
      col('Selector', 'string', 'Label selector for pods.', 1),
    ],
    print: (o, now) => {
      const w = o as Workload;
      const s = w.status ?? {};
      return {
        cells: [o.metadata.name ?? '', `${num(s.readyReplicas)}/${w.spec.replicas ?? 1}`, num(s.updatedReplicas), num(s.availableReplicas), age(o.metadata.creationTimestamp, now), containerNames(templateContainers(w)), containerImages(templateContainers(w)), formatLabelSelector(w.spec.selector)],
      };
    },
  },
  'apps/replicasets': {
    columns: [
      NAME,
      col('Desired', 'integer', 'Number of desired pods.'),
      col('Current', 'integer', 'Number of actual pods.'),
      col('Ready', 'integer', 'Number of pods with a Ready condition.'),
      AGE,
      CONTAINERS,
      IMAGES,
      col('Selector', 'string', 'Label selector for pods.', 1),
    ],
    print: (o, now) => {
      const w = o as Workload;
      const s = w.status ?? {};
      return {
        cells: [o.metadata.name ?? '', w.spec.replicas ?? 1, num(s.replicas), num(s.readyReplicas), age(o.metadata.creationTimestamp, now), containerNames(templateContainers(w)), containerImages(templateContainers(w)), formatLabelSelector(w.spec.selector)],
      };
    },
  },
  'apps/statefulsets': {
    columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
    print: (o, now) => {
      const w = o as Workload;
      const s = w.status ?? {};
      return { cells: [o.metadata.name ?? '', `${num(s.readyReplicas)}/${w.spec.replicas ?? 1}`, age(o.metadata.creationTimestamp, now), containerNames(templateContainers(w)), containerImages(templateContainers(w))] };
    },
  },
  'apps/daemonsets': {
    columns: [
      NAME,
      col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
      col('Current', 'integer', 'The number of nodes that are running at least one daemon pod and are supposed to run the daemon pod.'),
      col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
      col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
      col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
      col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
      AGE,
      CONTAINERS,
      IMAGES,
      col('Selector', 'string', 'A label query over pods that are managed by the daemon set.', 1),
    ],
    print: (o, now) => {
      const w = o as Workload;
      const s = w.status ?? {};
      return {
        cells: [o.metadata.name ?? '', num(s.desiredNumberScheduled), num(s.currentNumberScheduled), num(s.numberReady), num(s.updatedNumberScheduled), num(s.numberAvailable), formatLabels(w.spec.template.spec.nodeSelector), age(o.metadata.creationTimestamp, now), containerNames(templateContainers(w)), containerImages(templateContainers(w)), formatLabelSelector(w.spec.selector)],
      };
    },
  },
  'batch/jobs': {
    columns: [
      NAME,
      col('Status', 'string', 'Status of the job.'),
      col('Completions', 'string', 'The completion status of the job'),
      col('Duration', 'string', 'Time required to complete the job.'),
      AGE,
      CONTAINERS,
      IMAGES,
      col('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
    ],
    print: (o, now) => {
      const w = o as Workload;
      const s = (w.status ?? {}) as { succeeded?: number; startTime?: string; completionTime?: string; conditions?: Condition[] };
      let completions: string;
      if (w.spec.completions !== undefined) completions = `${s.succeeded ?? 0}/${w.spec.completions}`;
      else {
        const parallelism = w.spec.parallelism ?? 0;
        completions = parallelism > 1 ? `${s.succeeded ?? 0}/1 of ${parallelism}` : `${s.succeeded ?? 0}/1`;
      }
      let duration = '';
      if (s.startTime) duration = humanDuration((s.completionTime ? Date.parse(s.completionTime) : now) - Date.parse(s.startTime));
      const cond = (t: string): boolean => (s.conditions ?? []).some((c) => c.type === t && c.status === 'True');
      let statusText = 'Running';
      if (cond('Complete')) statusText = 'Complete';
      else if (cond('Failed')) statusText = 'Failed';
      else if (o.metadata.deletionTimestamp) statusText = 'Terminating';
      else if (cond('Suspended')) statusText = 'Suspended';
      return { cells: [o.metadata.name ?? '', statusText, completions, duration, age(o.metadata.creationTimestamp, now), containerNames(templateContainers(w)), containerImages(templateContainers(w)), formatLabelSelector(w.spec.selector)] };
    },
  },
  'policy/poddisruptionbudgets': {
    columns: [
      NAME,
      col('Min Available', 'string', 'The minimum number of pods that must be available.'),
      col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
      col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
      AGE,
    ],
    print: (o, now) => {
      const pdb = o as PodDisruptionBudget;
      const show = (v: number | string | undefined): string => (v === undefined ? 'N/A' : String(v));
      return { cells: [o.metadata.name ?? '', show(pdb.spec.minAvailable), show(pdb.spec.maxUnavailable), pdb.status?.disruptionsAllowed ?? 0, age(o.metadata.creationTimestamp, now)] };
    },
  },
};

/** printEvent: ages of the last and first sighting, the object as kind/name, the source as "component, host". */
function printEvent(o: KubeObject, now: number): PrintedRow {
  const e = o as KubeObject & { involvedObject?: { kind?: string; name?: string; fieldPath?: string }; source?: { component?: string; host?: string }; count?: number; firstTimestamp?: string; lastTimestamp?: string; eventTime?: string | null };
  const first = age(e.firstTimestamp ?? e.eventTime ?? o.metadata.creationTimestamp, now);
  const last = age(e.lastTimestamp ?? e.eventTime ?? o.metadata.creationTimestamp, now);
  const count = e.count ?? 1;
  const lastSeen = count > 1 ? `${last} (x${count} over ${first})` : last;
  const source = [e.source?.component, e.source?.host].filter((x) => x).join(', ');
  return {
    cells: [lastSeen, String(o.type ?? ''), String(o.reason ?? ''), `${(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`, e.involvedObject?.fieldPath ?? '', source, String(o.message ?? ''), first, count, o.metadata.name ?? ''],
  };
}

PRINTERS['/events'] = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'The object field this event is about.', 1),
    col('Source', 'string', 'The component reporting this event.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded.', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    col('Name', 'string', 'Name of the object, unique within its namespace.', 1, 'name'),
  ],
  print: printEvent,
};

/** The default TableConvertor of resources without a printer: Name and Created At. */
const DEFAULT_PRINTER: Printer = {
  columns: [NAME, col('Created At', 'date', 'Time the object was created (creationTimestamp).')],
  print: (o) => ({ cells: [o.metadata.name ?? '', o.metadata.creationTimestamp ?? null] }),
};

/** Evaluates the simple `.a.b.c` JSONPaths of additionalPrinterColumns. */
function jsonPathValue(obj: KubeObject, path: string): Cell {
  let node: unknown = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (part === '') continue;
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    const key = m ? m[1]! : part;
    if (typeof node !== 'object' || node === null) return null;
    if (key) node = (node as Record<string, unknown>)[key];
    for (const idx of (m?.[2] ?? '').match(/\d+/g) ?? []) {
      node = Array.isArray(node) ? node[Number(idx)] : undefined;
    }
  }
  if (node === undefined || node === null) return null;
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return node;
  return JSON.stringify(node);
}

function crdPrinter(def: ResourceDef, version: string): Printer {
  const extra = def.crd?.printerColumns[version] ?? [];
  if (extra.length === 0) {
    return { columns: [NAME, AGE], print: (o, now) => ({ cells: [o.metadata.name ?? '', age(o.metadata.creationTimestamp, now)] }) };
  }
  return {
    columns: [NAME, ...extra.map((c) => col(c.name, c.type, c.description ?? '', c.priority ?? 0, c.format ?? ''))],
    print: (o, now) => ({
      cells: [
        o.metadata.name ?? '',
        ...extra.map((c) => {
          const v = jsonPathValue(o, c.jsonPath);
          return c.type === 'date' && typeof v === 'string' ? age(v, now) : v;
        }),
      ],
    }),
  };
}

export function printerFor(def: ResourceDef, version: string): Printer {
  if (def.crd) return crdPrinter(def, version);
  return PRINTERS[`${def.group}/${def.plural}`] ?? DEFAULT_PRINTER;
}
