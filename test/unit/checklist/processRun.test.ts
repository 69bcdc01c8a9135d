// The operator's command as a process: how it ended, what it printed, and that cancelling stops
// everything it started.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { describeExit, runProcess, shellFor } from '../../../src/features/checklist/processRun';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'km-run-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('running an operator command (POSIX shell)', { timeout: 30_000 }, () => {
  it('reports the exit status and the output of stdout and stderr together, streamed as it comes', async () => {
    const streamed: string[] = [];
    const r = await runProcess({ command: 'echo one; echo two >&2; exit 3', env: process.env, onOutput: (t) => streamed.push(t) });
    assert.equal(r.exitCode, 3);
    assert.equal(r.cancelled, undefined);
    assert.match(r.output, /one\n/);
    assert.match(r.output, /two\n/);
    assert.equal(streamed.join('').length, r.output.length);
    assert.equal(describeExit(r), 'exit status 3');
    const ok = await runProcess({ command: 'true', env: process.env });
    assert.equal(ok.exitCode, 0);
    assert.equal(describeExit(ok), 'exit status 0');
  });

  it('runs in the given folder with the given environment (KUBECONFIG for the operator\'s tools)', async () => {
    const r = await runProcess({ command: 'pwd; echo "$KUBECONFIG"', cwd: tmp, env: { ...process.env, KUBECONFIG: '/etc/kube/admin.conf' } });
    assert.equal(r.exitCode, 0);
    assert.equal(r.output, `${fs.realpathSync(tmp)}\n/etc/kube/admin.conf\n`);
  });

  it('keeps only the last 64 KB of a long output, cut at a character boundary', async () => {
    // 200,000 bytes of "é" (2 bytes each), then a last line that must survive.
    const r = await runProcess({ command: `node -e "process.stdout.write('é'.repeat(100000) + '\\nthe end\\n')"`, env: process.env });
    assert.equal(r.exitCode, 0);
    assert.ok(Buffer.byteLength(r.output) <= 64 * 1024, `${Buffer.byteLength(r.output)} bytes kept`);
    assert.ok(Buffer.byteLength(r.output) > 60 * 1024);
    assert.ok(r.output.endsWith('\nthe end\n'));
    assert.ok(!r.output.includes('\uFFFD'), 'no broken character at the cut');
  });

  it('closes stdin: a command that prompts gets end of file instead of hanging', async () => {
    const r = await runProcess({ command: 'read answer && echo "got $answer" || echo "no input"', env: process.env });
    assert.equal(r.exitCode, 0);
    assert.equal(r.output, 'no input\n');
  });

  it('a shell that cannot start is a result with the reason, not an exception', async () => {
    const r = await runProcess({ command: 'true', cwd: path.join(tmp, 'missing'), env: process.env });
    assert.equal(r.exitCode, null);
    assert.match(r.output, /Could not start \/bin\/sh: .*missing/);
    assert.equal(describeExit(r), 'did not start');
    const notFound = await runProcess({ command: 'km-no-such-program --version', env: process.env });
    assert.equal(notFound.exitCode, 127);
    assert.match(notFound.output, /not found/);
  });

  it('cancel ends the whole process tree, including a child that ignores SIGTERM (SIGKILL after the grace period)', async () => {
    const pidFile = path.join(tmp, 'child.pid');
    const ac = new AbortController();
    const run = runProcess({
      // The shell starts a child that ignores SIGTERM and keeps the output pipe open.
      command: `sh -c 'trap "" TERM; echo $$ > ${pidFile}; while :; do sleep 0.1; done' & wait`,
      env: process.env,
      signal: ac.signal,
      killGraceMs: 300,
    });
    await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '', 'the child to start');
    const child = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(alive(child));
    ac.abort();
    const r = await run;
    assert.equal(r.cancelled, true);
    assert.equal(r.exitCode, null);
    await until(() => !alive(child), 'the child to be gone', 2000);
    assert.match(describeExit(r), /^cancelled/);
  });

  it('an already cancelled signal starts nothing', async () => {
    const marker = path.join(tmp, 'ran');
    const r = await runProcess({ command: `touch ${marker}`, env: process.env, signal: AbortSignal.abort() });
    assert.equal(r.cancelled, true);
    assert.equal(fs.existsSync(marker), false);
  });
});

describe('the shell for each platform', () => {
  it('uses sh -c on POSIX and cmd.exe /d /s /c with the line quoted whole on Windows', () => {
    assert.deepEqual(shellFor('kubectl get nodes', 'linux'), { file: '/bin/sh', args: ['-c', 'kubectl get nodes'], verbatim: false });
    assert.deepEqual(shellFor('kubectl get nodes', 'win32', 'C:\\Windows\\system32\\cmd.exe'), {
      file: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '"kubectl get nodes"'],
      verbatim: true,
    });
  });
});
