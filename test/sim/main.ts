/**
 * `npm run sim -- --scenario FILE --kubeconfig OUT [--context NAME] [--port N] [--log]`
 * Starts a simulated cluster, writes its kubeconfig and, beside it, OUT.admin.json
 * (admin URL, token and CA; startSimulator writes it), prints `ready https://127.0.0.1:PORT` (then the admin
 * URL and token on stderr) and runs until Ctrl+C or SIGTERM.
 *
 * `npm run sim -- admin [--kubeconfig OUT] VERB ...` talks to a running one: see adminCli.ts.
 */
import { parseArgs } from 'node:util';
import { ADMIN_USAGE, runAdminCommand, UsageError } from './adminCli';
import { ADMIN_PREFIX } from './http/admin';
import { startSimulator } from './index';

async function admin(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${ADMIN_USAGE}\n`);
    return 0;
  }
  try {
    return await runAdminCommand(argv, { out: (line) => process.stdout.write(`${line}\n`) });
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`sim admin: ${err.message}\n${ADMIN_USAGE}\n`);
      return 2;
    }
    throw err;
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'admin') return admin(argv.slice(1));
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      port: { type: 'string' },
      log: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help || !values.scenario || !values.kubeconfig) {
    process.stderr.write(`usage: npm run sim -- --scenario FILE --kubeconfig OUT [--context NAME] [--port N] [--log]\n${ADMIN_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const sim = await startSimulator({
    scenario: values.scenario,
    kubeconfigPath: values.kubeconfig,
    ...(values.context ? { contextName: values.context } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
    log: values.log === true,
  });
  const adminFile = sim.adminFile;
  process.stdout.write(`ready ${sim.url}\n`);
  const contexts = [sim.contextName, `${sim.contextName}-exec`, ...sim.users.map((u) => `${sim.contextName}-${u.name}`)];
  process.stderr.write(`kubeconfig: ${sim.kubeconfigPath} (contexts ${contexts.join(', ')})\n`);
  process.stderr.write(`admin: ${sim.url}${ADMIN_PREFIX} token ${sim.adminToken} (also in ${adminFile})\n`);
  process.stderr.write(`  e.g. npm run sim -- admin --kubeconfig ${sim.kubeconfigPath} upgrade control-plane v${sim.cluster.version.major}.${sim.cluster.version.minor + 1}.0\n`);
  await new Promise<void>((resolve) => {
    const shutdown = (): void => resolve();
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await sim.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`sim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
