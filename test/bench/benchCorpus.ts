/** Deterministic generator of realistic multi-document manifest streams for benchmarks. */

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

const MODERN = [
  (n: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${n}
  namespace: team-${n.length % 7}
  labels:
    app.kubernetes.io/name: ${n}
    app.kubernetes.io/part-of: shop
  annotations:
    deployment.kubernetes.io/revision: "3"
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: ${n}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${n}
    spec:
      serviceAccountName: ${n}
      containers:
        - name: app
          image: registry.example.com/${n}:1.4.2
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
`,
  (n: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${n}
spec:
  selector:
    app.kubernetes.io/name: ${n}
  ports:
    - name: http
      port: 80
      targetPort: 8080
`,
  (n: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${n}-config
data:
  app.properties: |
    server.port=8080
    feature.flags=a,b,c
    cache.ttl=300
  LOG_FORMAT: json
`,
  (n: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${n}
spec:
  ingressClassName: nginx
  rules:
    - host: ${n}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${n}
                port:
                  number: 80
`,
];

const LEGACY = [
  (n: string) => `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: ${n}
  annotations:
    kubernetes.io/ingress.class: nginx
spec:
  rules:
    - host: ${n}.example.com
      http:
        paths:
          - path: /
            backend:
              serviceName: ${n}
              servicePort: 80
`,
  (n: string) => `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: ${n}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: busybox
`,
  (n: string) => `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: ${n}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ${n}
`,
];

/** About `share` of the documents use removed APIs, the rest are current. */
export function generateCorpus(targetBytes: number, share = 0.08, seed = 42): string {
  const random = lcg(seed);
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  while (size < targetBytes) {
    const name = `svc-${i.toString(36)}`;
    const pool = random() < share ? LEGACY : MODERN;
    const doc = `---\n${pool[Math.floor(random() * pool.length)](name)}`;
    parts.push(doc);
    size += doc.length;
    i++;
  }
  return parts.join('');
}
