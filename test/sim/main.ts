/**
 * `npm run sim -- --scenario FILE --kubeconfig OUT [--context NAME] [--port N] [--log]`
 * Starts a simulated cluster, writes its kubeconfig, prints `ready https://127.0.0.1:PORT`
 * and runs until Ctrl+C or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './index';

async function main(): Promise<number> {
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
    process.stderr.write('usage: npm run sim -- --scenario FILE --kubeconfig OUT [--context NAME] [--port N] [--log]\n');
    return values.help ? 0 : 2;
  }
  const sim = await startSimulator({
    scenario: values.scenario,
    kubeconfigPath: values.kubeconfig,
    ...(values.context ? { contextName: values.context } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
    log: values.log === true,
  });
  process.stdout.write(`ready ${sim.url}\n`);
  process.stderr.write(`kubeconfig: ${sim.kubeconfigPath} (contexts ${sim.contextName}, ${sim.contextName}-exec)\n`);
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
