import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { installAtomically, partialDirFor } from './atomicInstall';

const isComplete = (dir: string): boolean => fs.existsSync(path.join(dir, 'complete'));
const completeBuild = async (dir: string): Promise<void> => {
  fs.writeFileSync(path.join(dir, 'complete'), 'yes');
};

function tempTarget(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'km-atomic-')), 'server');
}

const children: ChildProcess[] = [];

/** Starts an install in a child process and resolves once its build has begun. */
async function startInterruptedInstall(target: string): Promise<{ pid: number; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'interruptedInstall.ts'), target], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output })));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      output += b.toString();
      if (output.includes('building')) resolve();
    });
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    void exited.then(() => reject(new Error(`install exited before building:\n${output}`)));
  });
  assert.ok(child.pid);
  return { pid: child.pid, exited };
}

describe('atomic install of a cached tool', () => {
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('a killed install leaves no target, and the next run removes its leftovers and installs', async () => {
    const target = tempTarget();
    const { pid, exited } = await startInterruptedInstall(target);
    assert.ok(fs.existsSync(path.join(partialDirFor(target, pid), 'half-written')), 'the build writes into a temporary folder');
    process.kill(pid, 'SIGKILL');
    await exited;
    assert.equal(fs.existsSync(target), false, 'nothing half-built is at the place later runs look');
    assert.ok(fs.existsSync(partialDirFor(target, pid)), 'a killed process cannot clean up');

    const lines: string[] = [];
    assert.equal(await installAtomically({ target, isComplete, build: completeBuild, log: (l) => lines.push(l) }), 'installed');
    assert.ok(isComplete(target));
    assert.equal(fs.existsSync(path.join(target, 'half-written')), false);
    assert.deepEqual(fs.readdirSync(path.dirname(target)), ['server'], 'the dead install’s folder is gone');
    assert.match(lines.join('\n'), /did not finish/);
  });

  it('Ctrl+C during an install removes its folder and says nothing was kept', async () => {
    const target = tempTarget();
    const { pid, exited } = await startInterruptedInstall(target);
    process.kill(pid, 'SIGINT');
    const { code, output } = await exited;
    assert.equal(code, 130);
    assert.match(output, /interrupted \(SIGINT\); nothing was kept/);
    assert.deepEqual(fs.readdirSync(path.dirname(target)), []);
  });

  it('a failed build keeps nothing and reports the failure', async () => {
    const target = tempTarget();
    await assert.rejects(
      installAtomically({ target, isComplete, build: async () => { throw new Error('gssapi/gssapi.h: No such file or directory'); }, log: () => undefined }),
      /gssapi/,
    );
    assert.deepEqual(fs.readdirSync(path.dirname(target)), []);
    assert.equal(await installAtomically({ target, isComplete, build: completeBuild, log: () => undefined }), 'installed');
  });

  it('replaces an incomplete folder left by an older installer', async () => {
    const target = tempTarget();
    fs.mkdirSync(path.join(target, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(path.join(target, 'node_modules', '.bin', 'cross-env'), '');
    assert.equal(await installAtomically({ target, isComplete, build: completeBuild, log: () => undefined }), 'installed');
    assert.ok(isComplete(target));
    assert.equal(fs.existsSync(path.join(target, 'node_modules')), false);
  });

  it('does not build again when the folder is complete', async () => {
    const target = tempTarget();
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'complete'), 'yes');
    let built = false;
    assert.equal(await installAtomically({ target, isComplete, build: async () => { built = true; }, log: () => undefined }), 'present');
    assert.equal(built, false);
  });

  it('refuses a build that claims success but left the folder incomplete', async () => {
    const target = tempTarget();
    await assert.rejects(installAtomically({ target, isComplete, build: async () => undefined, log: () => undefined }), /incomplete/);
    assert.equal(fs.existsSync(target), false);
  });
});
