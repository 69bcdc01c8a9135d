// npm run demo: two simulated clusters and real VS Code in the browser with the extension and a sample
// workspace. Everything listens on 127.0.0.1; Ctrl+C stops it all.
import { startDemo } from './demo';

async function main(): Promise<void> {
  const port = Number(process.env['KM_DEMO_PORT'] ?? 0) || undefined;
  const demo = await startDemo(port ? { port } : {});
  for (const s of demo.simulators) console.log(`cluster ${s.contextName}: ${s.url}   (upgrade it: npm run sim -- admin --kubeconfig ${s.kubeconfigPath} upgrade control-plane VERSION)`);
  console.log(`kubeconfig: ${demo.kubeconfig}   (try: KUBECONFIG=${demo.kubeconfig} kubectl get nodes)`);
  console.log(`workspace:  ${demo.workspace}`);
  console.log('checklist:  right-click "production" → Open Upgrade Checklist…; its control-plane and node commands call the simulator (set in the workspace settings)');
  console.log(`\nOpen VS Code: ${demo.url}\n\nPress Ctrl+C to stop.`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  demo.server.process.once('exit', () => void stop());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
