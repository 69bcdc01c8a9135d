import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const SOURCE = 'Kubernetes Maintenance';

function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace test/fixtures/workspace must be open');
  return folder.uri;
}

/** test/fixtures/manifests, next to the workspace folder. */
function manifestFixture(...parts: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), '..', 'manifests', ...parts);
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

async function ourDiagnostics(uri: vscode.Uri, atLeast = 1, timeoutMs = 15000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
    if (found.length >= atLeast || Date.now() > deadline) {
      return found.sort((a, b) => a.range.start.compareTo(b.range.start));
    }
    await sleep(100);
  }
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), relative));
  await vscode.window.showTextDocument(document);
  return document;
}

async function openUntitled(content: string, language: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(document);
  return document;
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

function rangeText(range: vscode.Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

async function quickFixes(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', document.uri, range)) ?? [];
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a);
}

suite('Deprecated API diagnostics', () => {
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('kubeMaintenance').update('targetVersion', '1.33', vscode.ConfigurationTarget.Workspace);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a removed Ingress is an Error exactly on the apiVersion value, linked to its guide section', async () => {
    const document = await open('deploy/legacy-ingress.yaml');
    const diagnostics = await ourDiagnostics(document.uri, 2);
    assert.deepEqual(
      diagnostics.map((d) => [codeOf(d), rangeText(d.range), d.severity]),
      [
        ['ingress-extensions-v1beta1', '1:12-1:30', vscode.DiagnosticSeverity.Error],
        ['annotation-ingress-class', '7:4-7:31', vscode.DiagnosticSeverity.Warning],
      ],
    );
    const code = diagnostics[0].code as { value: string; target: vscode.Uri };
    assert.equal(code.target.toString(true), 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/#ingress-v122');
    assert.equal(document.getText(diagnostics[0].range), 'extensions/v1beta1');
  });

  test('JSON manifests and field deprecations', async () => {
    const rbac = await open('deploy/rbac.json');
    assert.deepEqual((await ourDiagnostics(rbac.uri)).map((d) => [codeOf(d), rangeText(d.range)]), [['rbac-v1beta1', '1:16-1:51']]);
    const jobs = await open('deploy/jobs.yaml');
    assert.deepEqual(
      (await ourDiagnostics(jobs.uri, 3)).map((d) => [codeOf(d), rangeText(d.range)]),
      [
        ['cronjob-batch-v1beta1', '0:12-0:25'],
        ['field-pod-service-account', '12:10-12:24'],
        ['pdb-policy-v1beta1', '17:12-17:26'],
      ],
    );
  });

  test('Helm templates are checked without false syntax errors', async () => {
    const document = await open('charts/web/templates/ingress.yaml');
    const diagnostics = await ourDiagnostics(document.uri);
    assert.deepEqual(diagnostics.map((d) => [codeOf(d), rangeText(d.range)]), [['ingress-networking-v1beta1', '1:12-1:37']]);
  });

  test('syntax errors per document: a broken manifest in a multi-document file, not a broken document beside it that is no manifest', async () => {
    const text = [
      'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: a\n',
      'settings:\n  tags: [unclosed\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n   labels: {}\n',
    ].join('---\n');
    const document = await openUntitled(text, 'yaml');
    const diagnostics = await ourDiagnostics(document.uri, 2);
    assert.deepEqual(diagnostics.filter((d) => codeOf(d) !== 'yaml-syntax').map(codeOf), ['cronjob-batch-v1beta1']);
    const syntax = diagnostics.filter((d) => codeOf(d) === 'yaml-syntax').map((d) => d.range.start.line);
    assert.ok(syntax.length > 0 && syntax.every((line) => line >= 8 && line <= 12), `syntax errors only in the Deployment (lines 8-12): ${JSON.stringify(syntax)}`);
  });

  test('non-Kubernetes YAML is never flagged', async () => {
    for (const file of ['kustomization.yaml', 'docker-compose.yaml', '.github/workflows/ci.yaml', 'charts/web/Chart.yaml', 'charts/web/values.yaml', 'deploy/storefront.yaml']) {
      const document = await open(file);
      await sleep(600);
      assert.deepEqual(await ourDiagnostics(document.uri, 1, 500), [], file);
    }
  });

  test('hover adds the guide link and the quick fix first, without repeating the diagnostic', async () => {
    const document = await open('deploy/legacy-ingress.yaml');
    const [diagnostic] = await ourDiagnostics(document.uri, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 20));
    const ours = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).filter((t) => t.includes('Migration guide'));
    assert.equal(ours.length, 1);
    const markdown = ours[0];
    const text = markdown.replace(/\\(.)/g, '$1');
    const [first, , fix] = markdown.split('\n');
    assert.match(first, /^\*\*Removed\*\* at target Kubernetes 1\\\.33 · \[Migration guide\]\(https:\/\/kubernetes\.io\/docs\/reference\/using-api\/deprecation-guide\/#ingress-v122\)$/);
    assert.match(fix.replace(/\\(.)/g, '$1'), /^Quick fix: Migrate Ingress to networking\.k8s\.io\/v1$/);
    assert.ok(!text.includes(diagnostic.message), 'the diagnostic sentence is not repeated');
    assert.match(text, /replacement: networking\.k8s\.io\/v1 \(served since 1\.19\)/);
    assert.match(text, /spec\.backend becomes spec\.defaultBackend/);
  });

  const MIGRATIONS: [string, string][] = [
    ['ingress-extensions.before.yaml', 'yaml'],
    ['ingress-networking.before.json', 'json'],
    ['deployment-extensions.before.yaml', 'yaml'],
    ['daemonset-extensions.before.yaml', 'yaml'],
    ['statefulset-apps-v1beta2.before.yaml', 'yaml'],
    ['cronjob.before.yaml', 'yaml'],
    ['pdb.before.yaml', 'yaml'],
    ['hpa-v2beta1.before.yaml', 'yaml'],
    ['hpa-v2beta2.before.yaml', 'yaml'],
    ['crd-v1beta1.before.yaml', 'yaml'],
    ['webhook-v1beta1.before.yaml', 'yaml'],
    ['rbac.before.yaml', 'yaml'],
    ['storageclass.before.yaml', 'yaml'],
    ['flowcontrol-v1beta2.before.yaml', 'yaml'],
  ];

  for (const [before, language] of MIGRATIONS) {
    test(`quick fix: ${before}`, async () => {
      const input = await readText(manifestFixture('migrations', before));
      const expected = await readText(manifestFixture('migrations', before.replace('.before.', '.after.')));
      const document = await openUntitled(input, language);
      const [first] = await ourDiagnostics(document.uri);
      assert.ok(first, 'a diagnostic is reported');
      const fix = (await quickFixes(document, first.range)).find((a) => a.edit && a.isPreferred);
      assert.ok(fix?.edit, 'a preferred quick fix with an edit is offered');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(document.getText(), expected);
    });
  }

  test('fix all in a file (source.fixAll.kubeMaintenance) applies every safe fix; another tool\'s fix-all does not', async () => {
    const input = await readText(manifestFixture('migrations', 'pod-fields.before.yaml'));
    const expected = await readText(manifestFixture('migrations', 'pod-fields.after.yaml'));
    const document = await openUntitled(input, 'yaml');
    await ourDiagnostics(document.uri, 5);
    const request = async (kind: string): Promise<vscode.CodeAction[]> =>
      (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 0), kind)) ?? [];
    const ours = 'source.fixAll.kubeMaintenance';
    assert.deepEqual((await request('source.fixAll.eslint')).filter((a) => a.kind?.value === ours), []);
    const fromParent = (await request(vscode.CodeActionKind.SourceFixAll.value)).find((a) => a.kind?.value === ours);
    assert.ok(fromParent?.edit, 'source.fixAll includes ours');
    const fixAll = (await request(ours)).find((a) => a.kind?.value === ours);
    assert.ok(fixAll?.edit);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.equal(document.getText(), expected);
  });

  test('the light bulb offers "fix all in this file" at once and computes it only when picked', async () => {
    const input = await readText(manifestFixture('migrations', 'pod-fields.before.yaml'));
    const expected = await readText(manifestFixture('migrations', 'pod-fields.after.yaml'));
    const document = await openUntitled(input, 'yaml');
    const [first] = await ourDiagnostics(document.uri, 5);
    const title = 'Fix all deprecated Kubernetes APIs in this file';
    const offered = (await quickFixes(document, first.range)).find((a) => a.title.startsWith(title));
    assert.ok(offered, 'offered beside the single fix');
    assert.equal(offered.edit, undefined, 'not computed for the light bulb');
    const resolved = ((await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, first.range, vscode.CodeActionKind.QuickFix.value, 50)) ?? []).find((a) => a.title.startsWith(title));
    assert.ok(resolved?.edit, 'computed once picked');
    assert.ok(await vscode.workspace.applyEdit(resolved.edit));
    assert.equal(document.getText(), expected);
  });

  test('a change that cannot be made safely offers the migration guide instead', async () => {
    const input = await readText(manifestFixture('migrations', 'pdb-empty-selector.manual.yaml'));
    const document = await openUntitled(input, 'yaml');
    const [diagnostic] = await ourDiagnostics(document.uri);
    const actions = await quickFixes(document, diagnostic.range);
    assert.equal(actions.filter((a) => a.edit).length, 0);
    const guide = actions.find((a) => a.command?.command === 'kubeMaintenance.openMigrationGuide');
    assert.ok(guide);
    assert.match(guide.title, /Open the migration guide/);
    assert.deepEqual(guide.command?.arguments, ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/#poddisruptionbudget-v125']);
  });

  test('editing re-analyses the document', async () => {
    const document = await openUntitled('apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\n', 'yaml');
    await sleep(800);
    assert.deepEqual(await ourDiagnostics(document.uri, 1, 300), []);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 12, 0, 20), 'batch/v1beta1');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.deepEqual((await ourDiagnostics(document.uri)).map((d) => rangeText(d.range)), ['0:12-0:25']);
  });

  test('the target version decides Error, Warning or nothing', async () => {
    const document = await open('deploy/jobs.yaml');
    await ourDiagnostics(document.uri, 3);
    const config = vscode.workspace.getConfiguration('kubeMaintenance');
    try {
      await config.update('targetVersion', '1.22', vscode.ConfigurationTarget.Workspace);
      await sleep(1500);
      const cron = (await ourDiagnostics(document.uri)).find((d) => codeOf(d) === 'cronjob-batch-v1beta1');
      assert.equal(cron?.severity, vscode.DiagnosticSeverity.Warning);
      await config.update('targetVersion', '1.20', vscode.ConfigurationTarget.Workspace);
      await sleep(1500);
      assert.equal((await ourDiagnostics(document.uri, 1, 1000)).find((d) => codeOf(d) === 'cronjob-batch-v1beta1'), undefined);
    } finally {
      await config.update('targetVersion', '1.33', vscode.ConfigurationTarget.Workspace);
    }
  });

  test('the workspace scan fills the Problems panel and counts per API', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; removed: number; deprecated: number; cancelled: boolean; summary: { key: string; count: number }[] }>('kubeMaintenance.scanWorkspace');
    assert.ok(result);
    assert.equal(result.cancelled, false);
    assert.equal(result.removed, 6);
    assert.equal(result.deprecated, 2);
    assert.ok(result.summary.some((s) => s.key === 'extensions/v1beta1 Ingress' && s.count === 1));
    const hpa = vscode.Uri.joinPath(workspaceRoot(), 'deploy', 'autoscaling.yaml');
    assert.deepEqual((await ourDiagnostics(hpa)).map(codeOf), ['hpa-autoscaling-v2beta1']);
    assert.deepEqual(await ourDiagnostics(vscode.Uri.joinPath(workspaceRoot(), 'docker-compose.yaml'), 1, 200), []);
  });
});
