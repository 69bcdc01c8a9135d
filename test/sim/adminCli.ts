/**
 * `npm run sim -- admin [--kubeconfig FILE] VERB ...`: the operator's side of a
 * running simulator, for people and scripts (the demo, the upgrade checklist's
 * tests). It reads the admin URL, token and CA that `npm run sim` wrote beside the
 * kubeconfig (FILE.admin.json) and calls the admin endpoint. `upgrade control-plane`
 * behaves like `kubeadm upgrade apply` / `kubeadm upgrade node`: it refuses what
 * kubeadm refuses and waits until the node's control plane runs the new version.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { AdminClient, AdminError } from './adminClient';
import { CONTROL_PLANE_COMPONENTS, type ControlPlaneComponent } from './cluster';
import type { ControlPlaneUpgradeRequest } from './controllers/controlPlaneUpgrade';
import type { OsChange } from './controllers/kubelet';
import type { FaultSpec } from './faults';
import { isRecord, type KubeObject } from './types';

export interface AdminAccess {
  url: string;
  token: string;
  caPem: string;
}

/** Where `npm run sim` writes the admin access for a kubeconfig. */
export function adminFileFor(kubeconfigPath: string): string {
  return `${path.resolve(kubeconfigPath)}.admin.json`;
}

export function writeAdminFile(kubeconfigPath: string, access: AdminAccess): string {
  const file = adminFileFor(kubeconfigPath);
  fs.writeFileSync(file, `${JSON.stringify(access, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export function readAdminFile(kubeconfigPath: string): AdminAccess {
  const file = adminFileFor(kubeconfigPath);
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file} (is \`npm run sim -- --kubeconfig ${kubeconfigPath}\` running?): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!isRecord(value) || typeof value.url !== 'string' || typeof value.token !== 'string' || typeof value.caPem !== 'string') throw new Error(`${file} is not an admin access file`);
  return { url: value.url, token: value.token, caPem: value.caPem };
}

export const ADMIN_USAGE = `usage: npm run sim -- admin [--kubeconfig FILE] VERB ...
  info                                      versions, upgrades in progress, open watches
  upgrade control-plane VERSION [--node N] [--component C] [--force] [--no-wait]
                                            kubeadm upgrade apply (first control-plane node) / upgrade node
  upgrade kubelet NODE VERSION              the node goes NotReady, then Ready on VERSION
  patch-os NODE [--os-image S] [--kernel S] [--container-runtime S]
                                            reboot the node into a new OS image / kernel
  ready NODE true|false                     flip the node's Ready condition
  add-node NAME [--version V]               remove-node NAME
  fault add JSON | fault list | fault remove ID | fault clear
  drop-watches [--reset]                    go-away [SECONDS]          expire-tokens
  apply FILE                                create or replace the objects of a YAML file
FILE defaults to $KUBECONFIG.`;

export interface CliOutput {
  out(line: string): void;
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`);
  return value;
}

export class UsageError extends Error {}

/** Runs one admin command; returns the process exit code. */
export async function runAdminCommand(argv: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      kubeconfig: { type: 'string' },
      node: { type: 'string' },
      component: { type: 'string' },
      force: { type: 'boolean', default: false },
      'no-wait': { type: 'boolean', default: false },
      'os-image': { type: 'string' },
      kernel: { type: 'string' },
      'container-runtime': { type: 'string' },
      version: { type: 'string' },
      reset: { type: 'boolean', default: false },
      timeout: { type: 'string' },
    },
  });
  const kubeconfig = values.kubeconfig ?? env.KUBECONFIG?.split(path.delimiter)[0];
  if (!kubeconfig) throw new UsageError('--kubeconfig (or KUBECONFIG) is required');
  const access = readAdminFile(kubeconfig);
  const admin = new AdminClient(access.url, access.token, access.caPem);
  const [verb, ...args] = positionals;
  const print = (value: unknown): void => io.out(JSON.stringify(value, null, 2));
  try {
    switch (verb) {
      case 'info':
        print(await admin.info());
        return 0;
      case 'upgrade':
        return await upgrade(admin, args, values, io);
      case 'patch-os': {
        const change: OsChange = {};
        if (values['os-image'] !== undefined) change.osImage = values['os-image'];
        if (values.kernel !== undefined) change.kernelVersion = values.kernel;
        if (values['container-runtime'] !== undefined) change.containerRuntimeVersion = values['container-runtime'];
        await admin.patchNodeOs(required(args[0], 'NODE'), change);
        io.out(`node/${args[0]} is rebooting`);
        return 0;
      }
      case 'ready': {
        const node = required(args[0], 'NODE');
        const flag = required(args[1], 'true|false');
        if (flag !== 'true' && flag !== 'false') throw new UsageError('ready takes true or false');
        await admin.setNodeReady(node, flag === 'true');
        io.out(`node/${node} ${flag === 'true' ? 'Ready' : 'NotReady'}`);
        return 0;
      }
      case 'add-node': {
        const name = required(args[0], 'NAME');
        await admin.addNode(values.version ? { name, kubeletVersion: values.version } : { name });
        io.out(`node/${name} added`);
        return 0;
      }
      case 'remove-node':
        await admin.removeNode(required(args[0], 'NAME'));
        io.out(`node/${args[0]} removed`);
        return 0;
      case 'fault':
        return await fault(admin, args, print, io);
      case 'drop-watches':
        print(await admin.dropWatches(values.reset ? 'reset' : 'close'));
        return 0;
      case 'go-away':
        await admin.goAway(args[0] === undefined ? undefined : Number(args[0]));
        io.out(args[0] === undefined ? 'the API server is gone' : `the API server is away for ${args[0]}s`);
        return 0;
      case 'expire-tokens':
        await admin.expireTokens();
        io.out('tokens expired');
        return 0;
      case 'apply': {
        const file = required(args[0], 'FILE');
        for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
          const obj: unknown = doc.toJS();
          if (!isRecord(obj)) continue;
          const applied = await admin.applyObject(obj as KubeObject);
          io.out(`${applied.kind.toLowerCase()}/${applied.metadata.name ?? ''} applied`);
        }
        return 0;
      }
      default:
        throw new UsageError(verb === undefined ? 'missing VERB' : `unknown verb "${verb}"`);
    }
  } catch (err) {
    if (err instanceof AdminError) {
      io.out(err.message.replace(/^[A-Z]+ \S+: /, ''));
      return 1;
    }
    throw err;
  }
}

interface UpgradeFlags {
  node?: string | undefined;
  component?: string | undefined;
  force?: boolean | undefined;
  'no-wait'?: boolean | undefined;
  timeout?: string | undefined;
}

async function upgrade(admin: AdminClient, args: readonly string[], flags: UpgradeFlags, io: CliOutput): Promise<number> {
  const [what, ...rest] = args;
  if (what === 'kubelet') {
    const node = required(rest[0], 'NODE');
    const version = required(rest[1], 'VERSION');
    await admin.setKubeletVersion(node, version);
    io.out(`node/${node}: kubelet restarting with ${version}`);
    return 0;
  }
  if (what !== 'control-plane') throw new UsageError('upgrade control-plane VERSION | upgrade kubelet NODE VERSION');
  const req: ControlPlaneUpgradeRequest = { version: required(rest[0], 'VERSION') };
  if (flags.node) req.node = flags.node;
  if (flags.component) {
    if (!(CONTROL_PLANE_COMPONENTS as readonly string[]).includes(flags.component)) throw new UsageError(`--component must be one of ${CONTROL_PLANE_COMPONENTS.join(', ')}`);
    req.component = flags.component as ControlPlaneComponent;
  }
  if (flags.force) req.force = true;
  const started = await admin.upgradeControlPlane(req);
  const where = started.node ? `control-plane node "${started.node}"` : 'the managed control plane';
  io.out(`[upgrade] Upgrading ${started.components.join(', ')} on ${where} to "${started.version}"`);
  if (flags['no-wait']) return 0;
  const done = await admin.waitForUpgrade(started.node, flags.timeout ? Number(flags.timeout) * 1000 : 120_000);
  io.out(`[upgrade/successful] SUCCESS! ${started.node ? `The control plane of node "${done.node}"` : 'Your cluster'} was upgraded to "${done.version}". Enjoy!`);
  return 0;
}

async function fault(admin: AdminClient, args: readonly string[], print: (v: unknown) => void, io: CliOutput): Promise<number> {
  const [sub, arg] = args;
  switch (sub) {
    case 'add': {
      const spec = JSON.parse(required(arg, 'JSON')) as FaultSpec;
      print(await admin.addFault(spec));
      return 0;
    }
    case 'list':
      print(await admin.listFaults());
      return 0;
    case 'remove':
      await admin.removeFault(required(arg, 'ID'));
      io.out(`${arg} removed`);
      return 0;
    case 'clear':
      await admin.clearFaults();
      io.out('faults cleared');
      return 0;
    default:
      throw new UsageError('fault add JSON | fault list | fault remove ID | fault clear');
  }
}
