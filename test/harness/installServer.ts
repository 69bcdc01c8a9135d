// Installs VS Code Server into .vscode-test/server if it is not there yet (for synchronous callers).
import { ensureVscodeServer } from './serverInstall';

ensureVscodeServer().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
