import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runSteps } from './installSteps';
import { BUILD_TOOLS, MissingPrerequisiteError, aptGetCommand, findMissing, onPath } from './prerequisites';
import { ensureVscodeServer, nativeModulesToBuild } from './serverInstall';

describe('VS Code Server first-run install', () => {
  it('checks the build tools before downloading anything and names the apt-get command', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'km-prereq-')), 'server');
    const err = await ensureVscodeServer({ dir, lookup: (c) => c !== 'g++' && c !== 'make', log: () => undefined }).then(
      () => assert.fail('should refuse'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof MissingPrerequisiteError);
    assert.match(err.message, /make \(Debian package make\)/);
    assert.match(err.message, /g\+\+ \(Debian package g\+\+\)/);
    assert.match(err.message, new RegExp(`\\n  ${(process.getuid?.() === 0 ? '' : 'sudo ') + 'apt-get install -y make g\\+\\+'}\\n`));
    assert.equal(fs.existsSync(path.dirname(dir)) && fs.readdirSync(path.dirname(dir)).length, 0, 'nothing was created');
  });

  it('the apt-get command: sudo unless root, each package once', () => {
    assert.equal(aptGetCommand(BUILD_TOOLS, false), 'sudo apt-get install -y python3 make g++');
    assert.equal(aptGetCommand([BUILD_TOOLS[2]!, BUILD_TOOLS[2]!], true), 'apt-get install -y g++');
  });

  it('finds programs on PATH only when they are executable files', () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'km-path-'));
    fs.writeFileSync(path.join(bin, 'python3'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'make'), 'not executable', { mode: 0o644 });
    fs.mkdirSync(path.join(bin, 'g++'));
    assert.equal(onPath('python3', bin), true);
    assert.equal(onPath('make', bin), false);
    assert.equal(onPath('g++', bin), false);
    assert.deepEqual(findMissing(BUILD_TOOLS, (c) => onPath(c, bin)).map((p) => p.command), ['make', 'g++']);
  });

  it('builds the native modules VS Code allows scripts for, except kerberos', () => {
    const allowScripts = { 'kerberos@2.1.1': true, 'koffi@3.2.1': false, '@vscode/spdlog@0.15.8': true, 'node-pty@1.2.0-beta.15': true, ssh2: false, '@parcel/watcher@2.5.6': true };
    assert.deepEqual(nativeModulesToBuild({ allowScripts }), ['@parcel/watcher', '@vscode/spdlog', 'node-pty']);
  });

  it('tells each step in words, keeps its output in the log, and shows the log when a step fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'km-steps-'));
    const logFile = path.join(dir, 'install.log');
    const lines: string[] = [];
    await assert.rejects(
      runSteps(
        [
          { title: 'Node.js 24 (about 30 MB)', expected: 'about 20 s', command: process.execPath, args: ['-e', 'console.log("fetched")'], cwd: dir },
          { title: 'Native modules', expected: 'about 1 min', command: process.execPath, args: ['-e', 'console.error("gssapi/gssapi.h: No such file or directory"); process.exit(1)'], cwd: dir },
        ],
        { logFile, log: (l) => lines.push(l), numbering: { before: 2, total: 5 } },
      ),
      (e: Error) => e.message.startsWith('Native modules failed (exit 1)') && e.message.includes('gssapi/gssapi.h'),
    );
    assert.match(lines[0] ?? '', /^ {2}\[3\/5\] Node\.js 24 \(about 30 MB\) — about 20 s…$/);
    assert.match(lines.join('\n'), /\[4\/5\] Native modules — about 1 min…/);
    assert.doesNotMatch(lines.join('\n'), /fetched/, 'the console gets words, not npm output');
    assert.match(fs.readFileSync(logFile, 'utf8'), /fetched/);
  });
});
