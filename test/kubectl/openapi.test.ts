/**
 * kubectl v1.35.2 with its default validation (--validate=strict) against the
 * simulator's OpenAPI documents: kubectl finds `fieldValidation` on every PATCH
 * operation of /openapi/v3, so it leaves field checks to the server and sends
 * `fieldValidation=Strict`; unknown fields come back as kube-apiserver's strict
 * decoding error. `kubectl explain` reads the v3 schemas. The typed `kubectl
 * create <kind>` commands send protobuf bodies; `apply --server-side` sends an
 * apply patch.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resourceKey } from '../sim/store';
import type { KubeObject } from '../sim/types';
import { Kubectl } from './harness';
import { scenario } from './scenarios';

const deployment = (name: string, containerExtra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: c
        image: "nginx:1.27"
        ports: [{containerPort: 80}]
        resources: {requests: {cpu: 100m}}
${containerExtra}`;

describe('kubectl with OpenAPI, field validation, protobuf bodies and server-side apply', () => {
  let k: Kubectl;
  let dir: string;
  const file = (name: string, text: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const get = (resource: string, namespace: string | undefined, name: string): KubeObject | undefined => {
    const slash = resource.indexOf('/');
    const key = slash < 0 ? resourceKey('', resource) : resourceKey(resource.slice(0, slash), resource.slice(slash + 1));
    return k.sim.cluster.store.get(key, namespace, name) as KubeObject | undefined;
  };

  before(async () => {
    k = await Kubectl.start(scenario('openapi', ''));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-openapi-'));
  });
  after(async () => {
    await k.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('apply -f and create -f pass validation for valid manifests', async () => {
    const applied = await k.run(['apply', '-f', file('web.yaml', deployment('web'))]);
    assert.equal(applied.stderr, '');
    assert.equal(applied.stdout, 'deployment.apps/web created\n');
    assert.equal((get('apps/deployments', 'default', 'web') as { spec?: { replicas?: number } }).spec?.replicas, 2);
    const again = await k.run(['apply', '-f', path.join(dir, 'web.yaml')]);
    assert.equal(again.stdout, 'deployment.apps/web unchanged\n');
    const created = await k.run(['create', '-f', file('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n')]);
    assert.equal(created.stderr, '');
    assert.equal(created.stdout, 'service/web created\n');
  });

  it('an unknown field is refused with the strict decoding error, naming the field', async () => {
    const r = await k.run(['create', '-f', file('typo.yaml', deployment('typo', '        imagePullPolicyy: Always\n'))]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error from server \(BadRequest\): error when creating ".*typo\.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec\.template\.spec\.containers\[0\]\.imagePullPolicyy"\n$/);
    assert.equal(get('apps/deployments', 'default', 'typo'), undefined);

    const cm = await k.run(['apply', '-f', file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\ndatta: {c: d}\n')]);
    assert.equal(cm.code, 1);
    assert.match(cm.stderr, /ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"/);
    assert.equal(get('configmaps', 'default', 'settings'), undefined);

    const ignored = await k.run(['apply', '--validate=false', '-f', path.join(dir, 'cm.yaml')]);
    assert.equal(ignored.stdout, 'configmap/settings created\n');
  });

  it('explain deployment.spec.strategy prints the schema descriptions', async () => {
    const r = await k.run(['explain', 'deployment.spec.strategy']);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: strategy <DeploymentStrategy>\n/);
    assert.match(r.stdout, /How old pods are replaced by new ones during a rollout\./);
    assert.match(r.stdout, /rollingUpdate\t<RollingUpdateDeployment>\n\s+Limits of a rolling update; only with type RollingUpdate\./);
    assert.match(r.stdout, /type\t<string>\n\s+enum: Recreate, RollingUpdate\n/);
    const pdb = await k.run(['explain', 'pdb.spec.maxUnavailable']);
    assert.match(pdb.stdout, /KIND:\s+PodDisruptionBudget\nVERSION:\s+v1\n\nFIELD: maxUnavailable <string>\n/);
    assert.match(pdb.stdout, /Pods that may be unavailable after an eviction \(number or percentage\)\./);
  });

  it('create namespace, deployment, configmap, secret, pdb and serviceaccount are decoded from their protobuf bodies', async () => {
    const ns = await k.run(['create', 'namespace', 'team-a']);
    assert.equal(ns.stdout, 'namespace/team-a created\n');
    assert.ok(get('namespaces', undefined, 'team-a'));

    const dep = await k.run(['create', 'deployment', 'api', '-n', 'team-a', '--image=nginx:1.27', '--replicas=3', '--port=8080']);
    assert.equal(dep.stdout, 'deployment.apps/api created\n');
    const api = get('apps/deployments', 'team-a', 'api') as unknown as { metadata: { labels?: Record<string, string> }; spec: { replicas: number; selector: unknown; template: { spec: { containers: { name: string; image: string; ports?: unknown[] }[] } } } };
    assert.deepEqual(api.metadata.labels, { app: 'api' });
    assert.equal(api.spec.replicas, 3);
    assert.deepEqual(api.spec.selector, { matchLabels: { app: 'api' } });
    assert.deepEqual(
      api.spec.template.spec.containers.map((c) => [c.name, c.image, c.ports]),
      [['nginx', 'nginx:1.27', [{ containerPort: 8080 }]]],
    );

    const cm = await k.run(['create', 'configmap', 'cfg', '-n', 'team-a', '--from-literal=mode=fast', '--from-literal=level=3']);
    assert.equal(cm.stdout, 'configmap/cfg created\n');
    assert.deepEqual((get('configmaps', 'team-a', 'cfg') as { data?: unknown }).data, { mode: 'fast', level: '3' });

    const secret = await k.run(['create', 'secret', 'generic', 'token', '-n', 'team-a', '--from-literal=key=s3cret']);
    assert.equal(secret.stdout, 'secret/token created\n');
    assert.deepEqual((get('secrets', 'team-a', 'token') as { data?: unknown; type?: string }).data, { key: Buffer.from('s3cret').toString('base64') });

    const pdb = await k.run(['create', 'pdb', 'api', '-n', 'team-a', '--selector=app=api', '--min-available=50%']);
    assert.equal(pdb.stdout, 'poddisruptionbudget.policy/api created\n');
    assert.deepEqual((get('policy/poddisruptionbudgets', 'team-a', 'api') as { spec?: unknown }).spec, { minAvailable: '50%', selector: { matchLabels: { app: 'api' } } });
    const sa = await k.run(['create', 'serviceaccount', 'deployer', '-n', 'team-a']);
    assert.equal(sa.stdout, 'serviceaccount/deployer created\n');
  });

  it('edit through KUBE_EDITOR patches the object with validation on', async () => {
    const editor = file('editor.sh', '#!/bin/sh\nsed -i "s/replicas: 2/replicas: 4/" "$1"\n');
    fs.chmodSync(editor, 0o755);
    const r = await k.run(['edit', 'deployment/web'], 60_000, { KUBE_EDITOR: editor });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'deployment.apps/web edited\n');
    assert.equal((get('apps/deployments', 'default', 'web') as { spec?: { replicas?: number } }).spec?.replicas, 4);
  });

  it('apply --server-side creates, then merges, and records kubectl as the Apply manager', async () => {
    const cm = (data: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, labels: {tier: web}}\ndata: {${data}}\n`;
    const first = await k.run(['apply', '--server-side', '-f', file('ssa.yaml', cm('a: "1"'))]);
    assert.equal(first.stderr, '');
    assert.equal(first.stdout, 'configmap/ssa serverside-applied\n');
    const second = await k.run(['apply', '--server-side', '-f', file('ssa.yaml', cm('a: "2", b: "3"'))]);
    assert.equal(second.stdout, 'configmap/ssa serverside-applied\n');
    const live = get('configmaps', 'default', 'ssa') as unknown as { data: unknown; metadata: { labels: unknown; managedFields: { manager: string; operation: string }[] } };
    assert.deepEqual(live.data, { a: '2', b: '3' });
    assert.deepEqual(live.metadata.labels, { tier: 'web' });
    assert.deepEqual(live.metadata.managedFields.map((m) => [m.manager, m.operation]), [['kubectl', 'Apply']]);

    const typo = await k.run(['apply', '--server-side', '-f', file('ssa-typo.yaml', `${cm('a: "3"')}immutablee: true\n`)]);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /strict decoding error: unknown field "immutablee"/);
  });
});
