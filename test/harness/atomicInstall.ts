// Installs a cached tool so that the cache folder is either absent or complete: everything is built in
// a sibling folder named after the installing process, which is renamed into place only on success.
// A failed, interrupted (Ctrl+C) or killed install therefore never leaves a folder the next run trusts;
// the next run removes what a dead installer left behind and starts again.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface AtomicInstallOptions {
  /** The folder that exists only once the install is complete. */
  readonly target: string;
  /** Whether a folder holds a complete install (checked on `target`, and on the result before the rename). */
  readonly isComplete: (dir: string) => boolean;
  /** Fills the temporary folder; throws on failure. */
  readonly build: (dir: string) => Promise<void>;
  /** Where progress lines go (default: the console). */
  readonly log?: (line: string) => void;
}

const PARTIAL = '.partial-';

export function partialDirFor(target: string, pid: number = process.pid): string {
  return `${target}${PARTIAL}${pid}`;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary folders of installers that are no longer running; returns what it removed. */
export function removeStalePartials(target: string): string[] {
  const parent = path.dirname(target);
  const prefix = path.basename(target) + PARTIAL;
  if (!fs.existsSync(parent)) return [];
  const removed: string[] = [];
  for (const name of fs.readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Returns at once when `target` is complete. Otherwise builds into a temporary sibling and renames it
 * into place; an incomplete `target` (left by an older installer) is replaced.
 */
export async function installAtomically(opts: AtomicInstallOptions): Promise<'present' | 'installed'> {
  if (opts.isComplete(opts.target)) return 'present';
  const log = opts.log ?? ((line: string): void => console.log(line));
  fs.mkdirSync(path.dirname(opts.target), { recursive: true });
  for (const name of removeStalePartials(opts.target)) log(`Removed ${name}, left by an install that did not finish.`);
  const tmp = partialDirFor(opts.target);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  // Ctrl+C reaches the whole process group: the running step dies with it, and so must its folder.
  const onSignal = (signal: NodeJS.Signals): void => {
    fs.rmSync(tmp, { recursive: true, force: true });
    log(`\nInstall interrupted (${signal}); nothing was kept. The next run starts it again.`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await opts.build(tmp);
    if (!opts.isComplete(tmp)) throw new Error(`The install finished but ${tmp} is incomplete.`);
    if (opts.isComplete(opts.target)) {
      // Another process finished the same install first; keep its copy.
      fs.rmSync(tmp, { recursive: true, force: true });
      return 'present';
    }
    if (fs.existsSync(opts.target) || isSymlink(opts.target)) fs.rmSync(opts.target, { recursive: true, force: true });
    fs.renameSync(tmp, opts.target);
    return 'installed';
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
