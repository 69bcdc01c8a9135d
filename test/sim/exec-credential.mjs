// Exec credential plugin for the simulator's kubeconfig: prints a
// client.authentication.k8s.io/v1 ExecCredential with the token the simulator
// keeps in the file named by the first argument. Plain Node, no dependencies.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: exec-credential.mjs TOKEN_FILE\n');
  process.exit(2);
}
let credential;
try {
  credential = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  process.stderr.write(`cannot read simulator token file ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
const status = { token: credential.token };
if (credential.expirationTimestamp) status.expirationTimestamp = credential.expirationTimestamp;
process.stdout.write(`${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status })}\n`);
