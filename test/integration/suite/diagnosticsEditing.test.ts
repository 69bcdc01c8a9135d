import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const SOURCE = 'Kubernetes Maintenance';
const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';
const OK = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n';

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

function ours(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE)
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.message}`)
    .sort();
}

/** Waits until the diagnostics stop changing (the analysis is debounced). */
async function settled(uri: vscode.Uri): Promise<string[]> {
  let last = ours(uri);
  let stableSince = Date.now();
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    await sleep(100);
    const now = ours(uri);
    if (JSON.stringify(now) !== JSON.stringify(last)) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 1200) {
      break;
    }
  }
  return last;
}

async function freshDiagnostics(content: string): Promise<string[]> {
  const document = await vscode.workspace.openTextDocument({ content, language: 'yaml' });
  const result = await settled(document.uri);
  return result;
}

suite('Deprecated API diagnostics while editing', () => {
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('kubeMaintenance').update('targetVersion', '1.33', vscode.ConfigurationTarget.Workspace);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('after each edit (a marker broken and mended, lines added, a value changed) the problems equal those of a freshly opened copy', async () => {
    const document = await vscode.workspace.openTextDocument({ content: [CRON, OK, CRON, OK, CRON].join('---\n'), language: 'yaml' });
    await vscode.window.showTextDocument(document);
    await settled(document.uri);
    const edits: ((text: string) => [vscode.Range, string])[] = [
      (t) => { const at = document.positionAt(t.indexOf('---')); return [new vscode.Range(at, at.translate(0, 3)), '--x']; },
      (t) => { const at = document.positionAt(t.indexOf('--x')); return [new vscode.Range(at, at.translate(0, 3)), '---']; },
      () => [new vscode.Range(0, 0, 0, 0), '# header\n\n'],
      (t) => { const at = document.positionAt(t.lastIndexOf('batch/v1beta1')); return [new vscode.Range(at, at.translate(0, 13)), 'batch/v1']; },
      (t) => { const at = document.positionAt(t.indexOf('a: "1"')); return [new vscode.Range(at, at.translate(0, 6)), 'a: [1']; },
    ];
    for (const [i, make] of edits.entries()) {
      const [range, text] = make(document.getText());
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, range, text);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const incremental = await settled(document.uri);
      assert.deepEqual(incremental, await freshDiagnostics(document.getText()), `after edit ${i}`);
      assert.ok(incremental.length > 0);
    }
  });

  test('a setting the analysis does not read leaves the problems alone; a new target version updates them', async () => {
    const document = await vscode.workspace.openTextDocument({ content: [CRON, OK].join('---\n'), language: 'yaml' });
    await vscode.window.showTextDocument(document);
    assert.equal((await settled(document.uri)).length, 1);
    let changes = 0;
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === document.uri.toString())) changes++;
    });
    // Counted from a quiet moment: a late publish of the opening (a busy machine) is not the setting's.
    for (let quietSince = Date.now(), seen = changes, until = Date.now() + 10_000; Date.now() - quietSince < 1000 && Date.now() < until; await sleep(100)) {
      if (changes !== seen) {
        seen = changes;
        quietSince = Date.now();
      }
    }
    changes = 0;
    const config = vscode.workspace.getConfiguration('kubeMaintenance');
    try {
      await config.update('deprecations.debounceMs', 250, vscode.ConfigurationTarget.Workspace);
      // the setting's own change event has run once a quiet second has passed after it
      for (let quietSince = Date.now(), seen = changes, until = Date.now() + 10_000; Date.now() - quietSince < 1500 && Date.now() < until; await sleep(100)) {
        if (changes !== seen) {
          seen = changes;
          quietSince = Date.now();
        }
      }
      assert.equal(changes, 0, 'the debounce setting sent the problems again');
      await config.update('targetVersion', '1.24', vscode.ConfigurationTarget.Workspace);
      const deadline = Date.now() + 15000;
      while (!ours(document.uri).some((d) => d.includes(` ${vscode.DiagnosticSeverity.Warning} `)) && Date.now() < deadline) {
        await sleep(100);
      }
      // a new target updates them: the CronJob, removed at 1.25, is only deprecated at 1.24
      assert.ok((await settled(document.uri)).some((d) => d.includes(` ${vscode.DiagnosticSeverity.Warning} `)), 'at 1.24 the CronJob is deprecated, a Warning');
      assert.ok(changes >= 1);
    } finally {
      sub.dispose();
      await config.update('deprecations.debounceMs', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('targetVersion', '1.33', vscode.ConfigurationTarget.Workspace);
    }
  });

  test('switched off, the problems leave and hovers say nothing; switched on, they come back', async () => {
    const document = await vscode.workspace.openTextDocument({ content: CRON, language: 'yaml' });
    await vscode.window.showTextDocument(document);
    assert.equal((await settled(document.uri)).length, 1);
    const config = vscode.workspace.getConfiguration('kubeMaintenance');
    const hoverText = async (): Promise<string> => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 16))) ?? [];
      return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    };
    try {
      await config.update('deprecations.enabled', false, vscode.ConfigurationTarget.Workspace);
      assert.deepEqual(await settled(document.uri), []);
      assert.doesNotMatch(await hoverText(), /batch\/v1/);
      assert.deepEqual(await settled(document.uri), [], 'a hover while switched off published problems');
    } finally {
      await config.update('deprecations.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal((await settled(document.uri)).length, 1);
    assert.match(await hoverText(), /batch\/v1/);
  });

  test('closing a file removes its problems from the Problems panel', async () => {
    const file = vscode.Uri.file(path.join(os.tmpdir(), `km-close-${process.pid}-${Date.now()}.yaml`));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(CRON));
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    assert.equal((await settled(file)).length, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const deadline = Date.now() + 20000;
    while (ours(file).length > 0 && Date.now() < deadline) {
      await sleep(200);
    }
    assert.deepEqual(ours(file), []);
    await vscode.workspace.fs.delete(file);
  });
});
