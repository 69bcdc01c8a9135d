import * as vscode from 'vscode';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadKubeconfig, resolveKubeconfigPaths, type KubeconfigLoad, type ResolvedPaths } from '../core/kubeconfig';
import { ContextKeys, SECTION, Settings } from '../settings';
import { DisposableStore } from '../util/disposable';

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR') throw new Error('it is a folder, not a file', { cause: e });
    throw e;
  }
}

/**
 * The user's kubeconfig as plain data: resolved from the setting, KUBECONFIG or ~/.kube/config,
 * reloaded when those files or the setting change. Reading is lazy: nothing happens until asked.
 */
export class KubeconfigModel implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly watchers = new DisposableStore();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private current: Promise<KubeconfigLoad> | undefined;
  private watchedFor = '';

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.add(this.changed);
    this.disposables.add(this.watchers);
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.${Settings.kubeconfig}`)) this.reload('the kubeMaintenance.kubeconfig setting changed');
      }),
    );
  }

  paths(): ResolvedPaths {
    const setting = vscode.workspace.getConfiguration(SECTION).get<string>(Settings.kubeconfig);
    return resolveKubeconfigPaths({ setting, env: process.env['KUBECONFIG'], home: os.homedir(), platform: process.platform });
  }

  load(): Promise<KubeconfigLoad> {
    this.current ??= this.doLoad();
    return this.current;
  }

  reload(why: string): void {
    this.log.info(`Reloading kubeconfig: ${why}`);
    this.current = undefined;
    this.changed.fire();
  }

  private async doLoad(): Promise<KubeconfigLoad> {
    const paths = this.paths();
    const started = Date.now();
    const result = await loadKubeconfig(paths, readIfExists);
    this.watch(paths.files);
    switch (result.state) {
      case 'ok':
        this.log.info(`Kubeconfig: ${result.config.contexts.length} contexts from ${result.config.loadedFiles.join(', ')} (${Date.now() - started} ms)`);
        break;
      case 'missing':
        this.log.warn(`No kubeconfig found (looked at ${result.files.join(', ')})`);
        break;
      case 'broken':
        this.log.error(`Kubeconfig cannot be used: ${result.error.message}`);
        break;
    }
    void vscode.commands.executeCommand('setContext', ContextKeys.kubeconfigOrigin, result.origin);
    void vscode.commands.executeCommand('setContext', ContextKeys.kubeconfigState, result.state);
    return result;
  }

  private watch(files: readonly string[]): void {
    const key = files.join('\n');
    if (key === this.watchedFor) return;
    this.watchedFor = key;
    this.watchers.clear();
    for (const file of files) {
      const pattern = new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file));
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      const onEvent = (): void => this.reload(`${file} changed`);
      watcher.onDidChange(onEvent);
      watcher.onDidCreate(onEvent);
      watcher.onDidDelete(onEvent);
      this.watchers.add(watcher);
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
