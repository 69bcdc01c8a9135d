/**
 * The object schemas the simulator publishes in its OpenAPI documents and checks
 * bodies against when a client asks for strict field validation. Common kinds are
 * described field by field; parts the simulator does not model in detail (probes,
 * affinity, volume sources, status) are open objects, so any field passes there.
 * Descriptions are short summaries written for the simulator.
 */

export type Prop =
  | { type: 'string' | 'integer' | 'boolean' | 'number'; description: string; format?: string; enum?: string[] }
  | { type: 'int-or-string'; description: string }
  | { type: 'map'; description: string }
  | { type: 'open'; description: string }
  | { type: 'ref'; ref: string; description: string }
  | { type: 'array'; items: Prop; description: string };

export interface ObjectSchema {
  description: string;
  properties: Record<string, Prop>;
  required?: string[];
  /** Set on top-level kinds. */
  gvk?: { group: string; version: string; kind: string };
}

const s = (description: string, extra: { format?: string; enum?: string[] } = {}): Prop => ({ type: 'string', description, ...extra });
const i = (description: string): Prop => ({ type: 'integer', description, format: 'int32' });
const b = (description: string): Prop => ({ type: 'boolean', description });
const m = (description: string): Prop => ({ type: 'map', description });
const open = (description: string): Prop => ({ type: 'open', description });
const ios = (description: string): Prop => ({ type: 'int-or-string', description });
const ref = (name: string, description: string): Prop => ({ type: 'ref', ref: name, description });
const arr = (items: Prop, description: string): Prop => ({ type: 'array', items, description });
const strs = (description: string): Prop => arr(s(''), description);

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const CORE = 'io.k8s.api.core.v1';
const APPS = 'io.k8s.api.apps.v1';
const BATCH = 'io.k8s.api.batch.v1';
const POLICY = 'io.k8s.api.policy.v1';

const typeMeta = {
  apiVersion: s('Versioned schema of this object; the server rejects versions it does not serve.'),
  kind: s('The type of this object, in CamelCase.'),
  metadata: ref(`${META}.ObjectMeta`, "Standard object metadata: name, namespace, labels, annotations and the server's bookkeeping."),
};

function kind(group: string, version: string, k: string, description: string, spec: Prop | undefined, more: Record<string, Prop> = {}): ObjectSchema {
  return {
    description,
    properties: { ...typeMeta, ...(spec ? { spec } : {}), ...more },
    gvk: { group, version, kind: k },
  };
}

const status = (what: string): Prop => open(`Most recently observed state of the ${what}, written by the system; read-only for clients.`);

export const SCHEMAS: Record<string, ObjectSchema> = {
  [`${META}.ObjectMeta`]: {
    description: 'Metadata every persisted object carries.',
    properties: {
      annotations: m('Free-form key/value data for tools; not used for selection.'),
      creationTimestamp: s('When the server stored the object first (RFC 3339, UTC).', { format: 'date-time' }),
      deletionGracePeriodSeconds: { type: 'integer', description: 'Seconds the object is allowed to shut down gracefully once deletion started.', format: 'int64' },
      deletionTimestamp: s('When deletion was requested; the object goes once its finalizers are gone.', { format: 'date-time' }),
      finalizers: strs('Names of components that must finish clean-up before the object is removed.'),
      generateName: s('Prefix the server turns into a unique name when name is empty.'),
      generation: { type: 'integer', description: 'Counter of changes to the desired state.', format: 'int64' },
      labels: m('Key/value pairs used by selectors to group and find objects.'),
      managedFields: arr(open('One manager and the fields it owns.'), 'Which manager set which fields; maintained by the server.'),
      name: s('Unique name within the namespace (or cluster, for cluster-scoped kinds).'),
      namespace: s('The namespace the object lives in; empty for cluster-scoped kinds.'),
      ownerReferences: arr(open('A reference to an owning object.'), 'Objects this one depends on; garbage collection follows them.'),
      resourceVersion: s('Opaque version of this object for optimistic concurrency and watches.'),
      selfLink: s('Deprecated; never set.'),
      uid: s('Unique id of this incarnation of the object, set by the server.'),
    },
  },
  [`${META}.LabelSelector`]: {
    description: 'Selects objects by their labels; an empty selector matches everything.',
    properties: {
      matchExpressions: arr(open('A key, an operator (In, NotIn, Exists, DoesNotExist) and values.'), 'Set-based requirements, all of which must hold.'),
      matchLabels: m('Exact label values, all of which must match.'),
    },
  },

  // ---- core/v1 ----
  [`${CORE}.Pod`]: kind('', 'v1', 'Pod', 'A group of containers scheduled together onto one node.', ref(`${CORE}.PodSpec`, 'What the pod should run and where.'), { status: status('pod') }),
  [`${CORE}.PodSpec`]: {
    description: 'The desired contents and placement of a pod.',
    required: ['containers'],
    properties: {
      activeDeadlineSeconds: { type: 'integer', description: 'Seconds the pod may run before the kubelet fails it.', format: 'int64' },
      affinity: open('Node and pod (anti-)affinity rules for scheduling.'),
      automountServiceAccountToken: b('Whether a service account token is mounted automatically.'),
      containers: arr(ref(`${CORE}.Container`, ''), 'The containers of the pod; at least one, not changeable after creation.'),
      dnsConfig: open('Extra DNS settings merged into the generated resolver configuration.'),
      dnsPolicy: s('How the pod resolves names.', { enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] }),
      enableServiceLinks: b('Whether service environment variables are injected.'),
      ephemeralContainers: arr(open('A debugging container.'), 'Containers added later for debugging.'),
      hostAliases: arr(open('An IP and its extra host names.'), 'Extra /etc/hosts entries.'),
      hostIPC: b("Use the node's IPC namespace."),
      hostNetwork: b("Use the node's network namespace."),
      hostPID: b("Use the node's process namespace."),
      hostUsers: b("Use the node's user namespace."),
      hostname: s('Host name inside the pod; defaults to the pod name.'),
      hostnameOverride: s('Host name that replaces the generated one.'),
      imagePullSecrets: arr(open('A reference to a Secret.'), 'Secrets holding registry credentials.'),
      initContainers: arr(ref(`${CORE}.Container`, ''), 'Containers run to completion, in order, before the regular ones.'),
      nodeName: s('The node the pod is bound to; set by the scheduler or by hand.'),
      nodeSelector: m('Labels a node must carry for the pod to land there.'),
      os: open('The operating system the pod needs.'),
      overhead: m('Resources the runtime itself uses for this pod.'),
      preemptionPolicy: s('Whether this pod may preempt lower-priority pods.', { enum: ['Never', 'PreemptLowerPriority'] }),
      priority: i('Resolved priority value, filled in from priorityClassName.'),
      priorityClassName: s('The PriorityClass that sets the pod priority.'),
      readinessGates: arr(open('A condition type.'), 'Extra conditions that must be true for readiness.'),
      resourceClaims: arr(open('A named resource claim.'), 'Dynamically allocated resources the pod uses.'),
      resources: open('Pod-level resource requests and limits.'),
      restartPolicy: s('What the kubelet does when a container exits.', { enum: ['Always', 'Never', 'OnFailure'] }),
      runtimeClassName: s('The RuntimeClass used to run the pod.'),
      schedulerName: s('The scheduler that places the pod.'),
      schedulingGates: arr(open('A named gate.'), 'Gates that hold the pod back from scheduling while present.'),
      securityContext: open('Pod-wide security settings.'),
      serviceAccount: s('Deprecated alias of serviceAccountName.'),
      serviceAccountName: s('The ServiceAccount the pod runs as.'),
      setHostnameAsFQDN: b('Use the fully qualified domain name as host name.'),
      shareProcessNamespace: b('Share one process namespace between containers.'),
      subdomain: s('Subdomain for the pod host name, with a headless Service.'),
      terminationGracePeriodSeconds: { type: 'integer', description: 'Seconds between the stop signal and the kill on deletion.', format: 'int64' },
      tolerations: arr(ref(`${CORE}.Toleration`, ''), 'Taints this pod tolerates.'),
      topologySpreadConstraints: arr(open('A spreading rule.'), 'How the pods of a group spread over zones or nodes.'),
      volumes: arr(open('A named volume and its source.'), 'Volumes the containers may mount.'),
    },
  },
  [`${CORE}.Container`]: {
    description: 'One container of a pod.',
    required: ['name'],
    properties: {
      args: strs('Arguments to the entrypoint.'),
      command: strs("Entrypoint; replaces the image's own."),
      env: arr(ref(`${CORE}.EnvVar`, ''), 'Environment variables.'),
      envFrom: arr(open('A ConfigMap or Secret source.'), 'Sources whose keys become environment variables.'),
      image: s('The container image to run.'),
      imagePullPolicy: s('When the image is pulled.', { enum: ['Always', 'IfNotPresent', 'Never'] }),
      lifecycle: open('Hooks run after start and before stop.'),
      livenessProbe: open('Check that restarts the container when it fails.'),
      name: s('Name of the container, unique in the pod.'),
      ports: arr(ref(`${CORE}.ContainerPort`, ''), 'Ports the container exposes (informational).'),
      readinessProbe: open('Check that takes the pod out of Service endpoints when it fails.'),
      resizePolicy: arr(open('A resource and what resizing it needs.'), 'How in-place resizing applies.'),
      resources: ref(`${CORE}.ResourceRequirements`, 'Compute resources requested and allowed.'),
      restartPolicy: s('Per-container restart policy (for sidecar init containers).'),
      restartPolicyRules: arr(open('A rule.'), 'Exit-code based restart rules.'),
      securityContext: open('Security settings of this container.'),
      startupProbe: open('Check that must pass before the other probes start.'),
      stdin: b('Keep a stdin buffer open.'),
      stdinOnce: b('Close stdin after the first attach ends.'),
      terminationMessagePath: s('File whose contents become the termination message.'),
      terminationMessagePolicy: s('Where the termination message comes from.', { enum: ['FallbackToLogsOnError', 'File'] }),
      tty: b('Allocate a TTY.'),
      volumeDevices: arr(open('A block device mapping.'), 'Raw block volumes the container uses.'),
      volumeMounts: arr(ref(`${CORE}.VolumeMount`, ''), 'Volumes mounted into the container.'),
      workingDir: s('Working directory of the entrypoint.'),
    },
  },
  [`${CORE}.EnvVar`]: {
    description: 'One environment variable.',
    required: ['name'],
    properties: { name: s('Variable name.'), value: s('Literal value; $(VAR) references are expanded.'), valueFrom: open('Where the value comes from instead of a literal.') },
  },
  [`${CORE}.ContainerPort`]: {
    description: 'A network port of a container.',
    required: ['containerPort'],
    properties: {
      containerPort: i('Port number on the pod IP.'),
      hostIP: s('Host IP to bind the host port to.'),
      hostPort: i('Port number on the node, if any.'),
      name: s('Name a Service can refer to.'),
      protocol: s('Protocol of the port.', { enum: ['SCTP', 'TCP', 'UDP'] }),
    },
  },
  [`${CORE}.ResourceRequirements`]: {
    description: 'Requests and limits of compute resources.',
    properties: {
      claims: arr(open('A claim name.'), 'Resource claims this container uses.'),
      limits: m('Most of each resource the container may use.'),
      requests: m('Resources reserved for scheduling.'),
    },
  },
  [`${CORE}.VolumeMount`]: {
    description: 'Where a volume appears in a container.',
    required: ['name', 'mountPath'],
    properties: {
      mountPath: s('Path inside the container.'),
      mountPropagation: s('How mounts propagate between host and container.'),
      name: s('Name of the pod volume.'),
      readOnly: b('Mount read-only.'),
      recursiveReadOnly: s('Whether read-only applies to sub-mounts too.'),
      subPath: s('Sub-path of the volume to mount.'),
      subPathExpr: s('Sub-path with $(VAR) expansion.'),
    },
  },
  [`${CORE}.Toleration`]: {
    description: 'Lets a pod land on (or stay on) nodes with a matching taint.',
    properties: {
      effect: s('Taint effect matched; empty matches all.', { enum: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] }),
      key: s('Taint key matched; empty with Exists matches all taints.'),
      operator: s('How key and value are compared.', { enum: ['Equal', 'Exists'] }),
      tolerationSeconds: { type: 'integer', description: 'For NoExecute: how long the pod stays after the taint appears.', format: 'int64' },
      value: s('Taint value matched with Equal.'),
    },
  },
  [`${CORE}.PodTemplateSpec`]: {
    description: 'The pods a controller creates.',
    properties: { metadata: typeMeta.metadata, spec: ref(`${CORE}.PodSpec`, 'Spec of the created pods.') },
  },
  [`${CORE}.Service`]: kind('', 'v1', 'Service', 'A stable name and address in front of a set of pods.', ref(`${CORE}.ServiceSpec`, 'How the service is exposed and which pods back it.'), { status: status('service') }),
  [`${CORE}.ServiceSpec`]: {
    description: 'Desired behaviour of a Service.',
    properties: {
      allocateLoadBalancerNodePorts: b('Whether LoadBalancer services get node ports.'),
      clusterIP: s('Virtual IP of the service; "None" makes it headless.'),
      clusterIPs: strs('Virtual IPs, one per IP family.'),
      externalIPs: strs('Extra IPs routed to the service.'),
      externalName: s('DNS name an ExternalName service aliases.'),
      externalTrafficPolicy: s('Whether external traffic stays on the receiving node.', { enum: ['Cluster', 'Local'] }),
      healthCheckNodePort: i('Node port for load balancer health checks.'),
      internalTrafficPolicy: s('Whether in-cluster traffic stays on the sending node.', { enum: ['Cluster', 'Local'] }),
      ipFamilies: strs('IP families of the service.'),
      ipFamilyPolicy: s('Single or dual stack.'),
      loadBalancerClass: s('The load balancer implementation.'),
      loadBalancerIP: s('Deprecated requested load balancer IP.'),
      loadBalancerSourceRanges: strs('Client CIDRs allowed through the load balancer.'),
      ports: arr(ref(`${CORE}.ServicePort`, ''), 'Ports the service exposes.'),
      publishNotReadyAddresses: b('Publish endpoints of pods that are not ready.'),
      selector: m('Labels of the pods that back the service.'),
      sessionAffinity: s('Client affinity.', { enum: ['ClientIP', 'None'] }),
      sessionAffinityConfig: open('Settings of the session affinity.'),
      trafficDistribution: s('Preference for how traffic is spread over endpoints.'),
      type: s('How the service is exposed.', { enum: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] }),
    },
  },
  [`${CORE}.ServicePort`]: {
    description: 'One port of a Service.',
    required: ['port'],
    properties: {
      appProtocol: s('Application protocol hint.'),
      name: s('Port name, required when there are several.'),
      nodePort: i('Port on every node for NodePort and LoadBalancer services.'),
      port: i('Port the service listens on.'),
      protocol: s('Protocol.', { enum: ['SCTP', 'TCP', 'UDP'] }),
      targetPort: ios('Port number or name on the pods.'),
    },
  },
  [`${CORE}.ConfigMap`]: kind('', 'v1', 'ConfigMap', 'Non-secret configuration data as key/value pairs.', undefined, {
    binaryData: m('Keys with base64-encoded binary values.'),
    data: m('Keys with UTF-8 string values.'),
    immutable: b('Once true, the data can no longer change.'),
  }),
  [`${CORE}.Namespace`]: kind('', 'v1', 'Namespace', 'A scope for names; deleting it deletes everything inside.', ref(`${CORE}.NamespaceSpec`, 'Finalizers of the namespace.'), { status: status('namespace') }),
  [`${CORE}.NamespaceSpec`]: { description: 'Desired state of a namespace.', properties: { finalizers: strs('What must finish before the namespace is removed.') } },
  [`${CORE}.Node`]: kind('', 'v1', 'Node', 'A machine that runs pods.', ref(`${CORE}.NodeSpec`, 'Scheduling settings of the node.'), { status: status('node') }),
  [`${CORE}.NodeSpec`]: {
    description: 'Desired state of a node.',
    properties: {
      configSource: open('Deprecated dynamic kubelet configuration.'),
      externalID: s('Deprecated.'),
      podCIDR: s('Pod IP range of the node.'),
      podCIDRs: strs('Pod IP ranges of the node, one per family.'),
      providerID: s("The cloud provider's id of the machine."),
      taints: arr(ref(`${CORE}.Taint`, ''), 'Taints that repel pods without a matching toleration.'),
      unschedulable: b('When true (cordoned) no new pods are scheduled here.'),
    },
  },
  [`${CORE}.Taint`]: {
    description: 'Marks a node so only tolerating pods land or stay there.',
    required: ['key', 'effect'],
    properties: {
      effect: s('What happens to pods that do not tolerate it.', { enum: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] }),
      key: s('Taint key.'),
      timeAdded: s('When a NoExecute taint was added.', { format: 'date-time' }),
      value: s('Taint value.'),
    },
  },

  // ---- apps/v1 ----
  [`${APPS}.Deployment`]: kind('apps', 'v1', 'Deployment', 'Keeps a number of identical pods running and rolls out template changes.', ref(`${APPS}.DeploymentSpec`, 'Desired state of the deployment.'), { status: status('deployment') }),
  [`${APPS}.DeploymentSpec`]: {
    description: 'Desired state of a Deployment.',
    required: ['selector', 'template'],
    properties: {
      minReadySeconds: i('Seconds a new pod must be ready before it counts as available.'),
      paused: b('While true, template changes do not start a rollout.'),
      progressDeadlineSeconds: i('Seconds a rollout may make no progress before it is reported as failed.'),
      replicas: i('Number of pods wanted.'),
      revisionHistoryLimit: i('How many old ReplicaSets are kept for rollback.'),
      selector: ref(`${META}.LabelSelector`, 'Which pods belong to the deployment; must match the template labels.'),
      strategy: ref(`${APPS}.DeploymentStrategy`, 'How old pods are replaced by new ones during a rollout.'),
      template: ref(`${CORE}.PodTemplateSpec`, 'The pods to run.'),
    },
  },
  [`${APPS}.DeploymentStrategy`]: {
    description: 'How a Deployment replaces its pods when the template changes.',
    properties: {
      rollingUpdate: ref(`${APPS}.RollingUpdateDeployment`, 'Limits of a rolling update; only with type RollingUpdate.'),
      type: s('Recreate stops all old pods first; RollingUpdate (the default) swaps them gradually.', { enum: ['Recreate', 'RollingUpdate'] }),
    },
  },
  [`${APPS}.RollingUpdateDeployment`]: {
    description: 'Bounds of a rolling update.',
    properties: {
      maxSurge: ios('Pods allowed above the wanted count during the update (number or percentage).'),
      maxUnavailable: ios('Pods allowed to be unavailable during the update (number or percentage).'),
    },
  },
  [`${APPS}.DaemonSet`]: kind('apps', 'v1', 'DaemonSet', 'Runs one pod on every eligible node.', ref(`${APPS}.DaemonSetSpec`, 'Desired state of the daemon set.'), { status: status('daemon set') }),
  [`${APPS}.DaemonSetSpec`]: {
    description: 'Desired state of a DaemonSet.',
    required: ['selector', 'template'],
    properties: {
      minReadySeconds: i('Seconds a new pod must be ready before it counts as available.'),
      revisionHistoryLimit: i('How many old revisions are kept.'),
      selector: ref(`${META}.LabelSelector`, 'Which pods belong to the daemon set.'),
      template: ref(`${CORE}.PodTemplateSpec`, 'The pod run on each node.'),
      updateStrategy: open('RollingUpdate (with maxUnavailable/maxSurge) or OnDelete.'),
    },
  },
  [`${APPS}.StatefulSet`]: kind('apps', 'v1', 'StatefulSet', 'Runs pods with stable names and storage, in order.', ref(`${APPS}.StatefulSetSpec`, 'Desired state of the stateful set.'), { status: status('stateful set') }),
  [`${APPS}.StatefulSetSpec`]: {
    description: 'Desired state of a StatefulSet.',
    required: ['selector', 'template'],
    properties: {
      minReadySeconds: i('Seconds a new pod must be ready before it counts as available.'),
      ordinals: open('Where the pod numbering starts.'),
      persistentVolumeClaimRetentionPolicy: open('Whether claims are deleted on scale-down or deletion.'),
      podManagementPolicy: s('OrderedReady starts pods one by one; Parallel starts them together.', { enum: ['OrderedReady', 'Parallel'] }),
      replicas: i('Number of pods wanted.'),
      revisionHistoryLimit: i('How many old revisions are kept.'),
      selector: ref(`${META}.LabelSelector`, 'Which pods belong to the stateful set.'),
      serviceName: s('Headless Service that gives the pods their DNS names.'),
      template: ref(`${CORE}.PodTemplateSpec`, 'The pods to run.'),
      updateStrategy: open('RollingUpdate (with a partition) or OnDelete.'),
      volumeClaimTemplates: arr(open('A PersistentVolumeClaim template.'), 'Claims created for each pod.'),
    },
  },

  // ---- batch/v1 ----
  [`${BATCH}.Job`]: kind('batch', 'v1', 'Job', 'Runs pods until a number of them finish successfully.', ref(`${BATCH}.JobSpec`, 'Desired behaviour of the job.'), { status: status('job') }),
  [`${BATCH}.JobSpec`]: {
    description: 'Desired behaviour of a Job.',
    required: ['template'],
    properties: {
      activeDeadlineSeconds: { type: 'integer', description: 'Seconds the job may run before it is failed.', format: 'int64' },
      backoffLimit: i('Retries before the job is marked failed.'),
      backoffLimitPerIndex: i('Retries per index for indexed jobs.'),
      completionMode: s('NonIndexed or Indexed.', { enum: ['Indexed', 'NonIndexed'] }),
      completions: i('Successful pods needed.'),
      managedBy: s('Controller that manages the job.'),
      manualSelector: b('Use the given selector instead of a generated one.'),
      maxFailedIndexes: i('Failed indexes tolerated before the job fails.'),
      parallelism: i('Pods running at once.'),
      podFailurePolicy: open('Rules for handling pod failures.'),
      podReplacementPolicy: s('When replacement pods are created.'),
      selector: ref(`${META}.LabelSelector`, 'Which pods belong to the job.'),
      successPolicy: open('When the job counts as succeeded.'),
      suspend: b('While true, no pods are started.'),
      template: ref(`${CORE}.PodTemplateSpec`, 'The pods to run.'),
      ttlSecondsAfterFinished: i('Seconds after finishing until the job is deleted.'),
    },
  },
  [`${BATCH}.JobTemplateSpec`]: {
    description: 'The jobs a CronJob creates.',
    properties: { metadata: typeMeta.metadata, spec: ref(`${BATCH}.JobSpec`, 'Spec of the created jobs.') },
  },
  [`${BATCH}.CronJob`]: kind('batch', 'v1', 'CronJob', 'Creates Jobs on a schedule.', ref(`${BATCH}.CronJobSpec`, 'Schedule and job template.'), { status: status('cron job') }),
  [`${BATCH}.CronJobSpec`]: {
    description: 'Desired behaviour of a CronJob.',
    required: ['schedule', 'jobTemplate'],
    properties: {
      concurrencyPolicy: s('Whether runs may overlap.', { enum: ['Allow', 'Forbid', 'Replace'] }),
      failedJobsHistoryLimit: i('Failed jobs kept.'),
      jobTemplate: ref(`${BATCH}.JobTemplateSpec`, 'The job created at each run.'),
      schedule: s('Cron expression of the runs.'),
      startingDeadlineSeconds: { type: 'integer', description: 'Seconds a missed run may still start late.', format: 'int64' },
      successfulJobsHistoryLimit: i('Successful jobs kept.'),
      suspend: b('While true, no new runs start.'),
      timeZone: s('Time zone of the schedule.'),
    },
  },

  // ---- policy/v1 ----
  [`${POLICY}.PodDisruptionBudget`]: kind('policy', 'v1', 'PodDisruptionBudget', 'Limits how many pods of a group voluntary disruptions (evictions, drains) may take down at once.', ref(`${POLICY}.PodDisruptionBudgetSpec`, 'The budget.'), { status: status('budget') }),
  [`${POLICY}.PodDisruptionBudgetSpec`]: {
    description: 'The disruption budget.',
    properties: {
      maxUnavailable: ios('Pods that may be unavailable after an eviction (number or percentage).'),
      minAvailable: ios('Pods that must stay available after an eviction (number or percentage).'),
      selector: ref(`${META}.LabelSelector`, 'The pods the budget covers.'),
      unhealthyPodEvictionPolicy: s('When pods that are not ready may be evicted.', { enum: ['AlwaysAllow', 'IfHealthyBudget'] }),
    },
  },
};

/** The detailed schema name of a kind at a group/version, if the simulator has one. */
export function detailedSchemaOf(group: string, version: string, kindName: string): string | undefined {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    const g = schema.gvk;
    if (g && g.group === group && g.version === version && g.kind === kindName) return name;
  }
  return undefined;
}

/** Names of the schemas reachable from one schema (itself included). */
export function reachableSchemas(root: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || !SCHEMAS[name]) return;
    seen.add(name);
    for (const p of Object.values(SCHEMAS[name].properties)) visitProp(p);
  };
  const visitProp = (p: Prop): void => {
    if (p.type === 'ref') visit(p.ref);
    else if (p.type === 'array') visitProp(p.items);
  };
  visit(root);
  return [...seen];
}
