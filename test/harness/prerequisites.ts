// Programs a first run needs from the operating system, checked before anything is downloaded, so
// that a missing one is named with the exact Debian command instead of failing deep inside a build.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Prerequisite {
  /** A program looked up on PATH (or an absolute path). */
  readonly command: string;
  /** The Debian package that provides it. */
  readonly debianPackage: string;
  /** Why it is needed, in a user's words. */
  readonly why: string;
}

/** node-gyp builds VS Code Server's native modules (logging, storage, the extension-host watchdog). */
export const BUILD_TOOLS: readonly Prerequisite[] = [
  { command: 'python3', debianPackage: 'python3', why: "node-gyp, which builds VS Code Server's native modules, runs on Python" },
  { command: 'make', debianPackage: 'make', why: "node-gyp builds VS Code Server's native modules with make" },
  { command: 'g++', debianPackage: 'g++', why: "VS Code Server's native modules are C++" },
];

export type Lookup = (command: string) => boolean;

/** Whether `command` is an executable file on `PATH` (or, when it contains a slash, at that path). */
export function onPath(command: string, envPath: string = process.env['PATH'] ?? ''): boolean {
  const candidates = command.includes('/') ? [command] : envPath.split(path.delimiter).filter(Boolean).map((d) => path.join(d, command));
  return candidates.some((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

export function findMissing(prerequisites: readonly Prerequisite[], lookup: Lookup = (c) => onPath(c)): Prerequisite[] {
  return prerequisites.filter((p) => !lookup(p.command));
}

/** The one command that installs what is missing: `apt-get install -y a b`, with `sudo` unless root. */
export function aptGetCommand(missing: readonly Prerequisite[], isRoot: boolean = process.getuid?.() === 0): string {
  const packages = [...new Set(missing.map((p) => p.debianPackage))];
  return `${isRoot ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`;
}

export class MissingPrerequisiteError extends Error {
  constructor(
    readonly task: string,
    readonly missing: readonly Prerequisite[],
    readonly command: string,
  ) {
    super(
      [
        `Cannot start ${task}: ${missing.length === 1 ? 'a program is' : 'programs are'} missing.`,
        ...missing.map((p) => `  - ${p.command} (Debian package ${p.debianPackage}): ${p.why}`),
        'Install with:',
        `  ${command}`,
        'then run the same command again.',
      ].join('\n'),
    );
    this.name = 'MissingPrerequisiteError';
  }
}

export function assertPrerequisites(task: string, prerequisites: readonly Prerequisite[], lookup?: Lookup, isRoot?: boolean): void {
  const missing = findMissing(prerequisites, lookup);
  if (missing.length > 0) throw new MissingPrerequisiteError(task, missing, aptGetCommand(missing, isRoot));
}
