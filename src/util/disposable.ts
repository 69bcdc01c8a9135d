import type * as vscode from 'vscode';

/** Owns disposables and releases them together, newest first. */
export class DisposableStore implements vscode.Disposable {
  private readonly items: vscode.Disposable[] = [];
  private disposed = false;

  add<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.push(d);
    return d;
  }

  /** Disposes what it holds but stays usable. */
  clear(): void {
    while (this.items.length > 0) this.items.pop()?.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }
}
