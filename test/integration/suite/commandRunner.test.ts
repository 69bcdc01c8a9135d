// A checklist step's command in real VS Code: a terminal of its own, named for the step, the
// extension's kubeconfig in KUBECONFIG, the exit status and output back to the caller, and Cancel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runCommand } from '../../../src/features/checklist/commandRunner';

function terminalNamed(name: string): Promise<vscode.Terminal> {
  const open = vscode.window.terminals.find((t) => t.name === name);
  if (open) return Promise.resolve(open);
  return new Promise((resolve) => {
    const d = vscode.window.onDidOpenTerminal((t) => {
      if (t.name !== name) return;
      d.dispose();
      resolve(t);
    });
  });
}

suite('Checklist: running a step\'s command', () => {
  test('runs in a terminal named for the step with KUBECONFIG set, and hands back the exit status and output', async () => {
    const streamed: string[] = [];
    const terminal = terminalNamed('Kubernetes Maintenance: upgrade worker-1');
    const r = await runCommand({
      command: 'echo "kubeconfig=$KUBECONFIG extra=$KM_EXTRA"; echo oops >&2; exit 4',
      title: 'upgrade worker-1',
      kubeconfig: ['/etc/kube/a.yaml', '/etc/kube/b.yaml'],
      env: { KM_EXTRA: 'yes' },
      onOutput: (t) => streamed.push(t),
    });
    assert.equal(r.exitCode, 4);
    assert.match(r.output, /^kubeconfig=\/etc\/kube\/a\.yaml:\/etc\/kube\/b\.yaml extra=yes\n/);
    assert.match(r.output, /oops\n/);
    assert.equal(streamed.join(''), r.output);
    const t = await terminal;
    assert.equal(t.exitStatus, undefined, 'the terminal stays open to be read');
    t.dispose();
  });

  test('cancel stops the command and says so', async () => {
    const ac = new AbortController();
    const run = runCommand({ command: 'echo started; sleep 30; echo finished', title: 'cancel me', signal: ac.signal, reveal: false, onOutput: () => ac.abort() });
    const r = await run;
    assert.equal(r.cancelled, true);
    assert.equal(r.output, 'started\n', 'it did not run to the end');
    (await terminalNamed('Kubernetes Maintenance: cancel me')).dispose();
  });
});
