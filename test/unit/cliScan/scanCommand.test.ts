// `kube-maintenance scan` as a CI job sees it: exit status, standard output and standard error.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import packageJson from '../../../package.json';
import { main } from '../../../src/cli';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(args: string[], stdin = ''): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => new TextEncoder().encode(stdin) });
  return { code, out, err };
}

const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';
const INGRESS = '{"apiVersion": "extensions/v1beta1", "kind": "Ingress"}';
const CRON_LINE = (file: string): string => `${file}:1:13: error: batch/v1beta1 CronJob is no longer served since Kubernetes 1.25; use batch/v1 instead. [cronjob-batch-v1beta1]\n`;
const tmp = mkdtempSync(join(tmpdir(), 'km-scan-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('help, version and commands', () => {
  test('no command prints the usage on standard error and exits 2; help asked for goes to standard output with 0', async () => {
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.equal(none.out, '');
    assert.match(none.err, /^Usage: kube-maintenance scan PATH\.\.\. \[options\]\n/);
    for (const args of [['--help'], ['-h'], ['help'], ['scan', '--help'], ['scan', '-', '-h']]) {
      const asked = await run(args);
      assert.equal(asked.code, 0, args.join(' '));
      assert.equal(asked.err, '');
      assert.equal(asked.out, none.err, args.join(' '));
    }
    assert.match(none.err, /--fail-on removed\|deprecated/);
    assert.match(none.err, /Exit status: 1 when a finding reaches the --fail-on level, 2 on a usage error/);
  });

  test('--version prints the package version', async () => {
    assert.deepEqual(await run(['--version']), { code: 0, out: `${packageJson.version}\n`, err: '' });
  });

  test('an unknown command names itself, then the usage, and exits 2', async () => {
    const r = await run(['lint', 'x']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.ok(r.err.startsWith('kube-maintenance: unknown command "lint"\n\nUsage: kube-maintenance scan'), r.err.slice(0, 80));
  });

  test('cordon, uncordon, drain and plan are commands of their own with their own help', async () => {
    for (const command of ['cordon', 'uncordon', 'drain']) {
      const r = await run([command, '--help']);
      assert.equal(r.code, 0, command);
      assert.match(r.out, /^Usage:\n {2}kube-maintenance cordon NODE/);
    }
    const plan = await run(['plan', '--help']);
    assert.equal(plan.code, 0);
    assert.match(plan.out, /^Usage: kube-maintenance plan --context NAME --to X\.Y/);
  });
});

describe('scan options', () => {
  const usage = async (args: string[], message: string): Promise<void> => {
    const r = await run(['scan', ...args], CRON);
    assert.deepEqual(r, { code: 2, out: '', err: `kube-maintenance: ${message}\n` }, args.join(' '));
  };

  test('each bad option is named on standard error with exit 2, and nothing is scanned', async () => {
    await usage([], 'scan needs at least one PATH (or - for standard input)');
    await usage(['-', '--target-version'], '--target-version needs a value');
    await usage(['-', '--format'], '--format needs a value');
    await usage(['-', '--fail-on'], '--fail-on needs a value');
    await usage(['-', '--rules'], '--rules needs a value');
    await usage(['-', '--target-version', 'latest'], '--target-version: expected a version like 1.30, got "latest"');
    await usage(['-', '--target-version='], '--target-version: expected a version like 1.30, got ""');
    await usage(['-', '--format', 'xml'], '--format: expected text, json or sarif, got "xml"');
    await usage(['-', '--format=yaml'], '--format: expected text, json or sarif, got "yaml"');
    await usage(['-', '--fail-on', 'warning'], '--fail-on: expected removed or deprecated, got "warning"');
    await usage(['-', '--bogus'], 'unknown option --bogus');
    await usage(['-', '-x'], 'unknown option -x');
    await usage(['-', '--bogus=1'], 'unknown option --bogus=1');
    await usage(['-', '--rules', join(tmp, 'none.yaml')], `--rules: cannot read ${join(tmp, 'none.yaml')}`);
  });

  test('options take their value after = or as the next argument, anywhere among the paths', async () => {
    const spaced = await run(['scan', '--format', 'json', '-', '--target-version', '1.22'], CRON);
    const joined = await run(['scan', '--format=json', '-', '--target-version=1.22'], CRON);
    assert.equal(spaced.code, 0);
    assert.deepEqual(joined, spaced);
    const report = JSON.parse(spaced.out) as { targetVersion: string; findings: { status: string }[] };
    assert.equal(report.targetVersion, '1.22');
    assert.deepEqual(report.findings.map((f) => f.status), ['deprecated']);
  });

  test('a value that looks like an option is still the value', async () => {
    const r = await run(['scan', '-', '--rules', '--format'], CRON);
    assert.deepEqual(r, { code: 2, out: '', err: 'kube-maintenance: --rules: cannot read --format\n' });
  });

  test('a rules file that is not a rules list, or reuses a built-in rule id, is refused before scanning', async () => {
    const notRules = join(tmp, 'not-rules.yaml');
    writeFileSync(notRules, 'foo: bar\n');
    const r = await run(['scan', '-', '--rules', notRules], CRON);
    assert.deepEqual(r, { code: 2, out: '', err: `kube-maintenance: invalid rules:\n  ${notRules}: expected a list of rules or an object with a "rules" list\n` });
    const taken = join(tmp, 'taken.yaml');
    writeFileSync(taken, 'rules:\n  - {id: cronjob-batch-v1beta1, apiVersion: example.com/v1, kinds: [W], removedIn: "1.30"}\n  - {id: extensions-v1beta1-ingress-x, apiVersion: example.com/v1, kinds: [W], removedIn: "1.30"}\n  - {id: w2}\n');
    const t = await run(['scan', '-', '--rules', taken], CRON);
    assert.equal(t.code, 2);
    assert.equal(t.out, '');
    const lines = t.err.split('\n');
    assert.equal(lines[0], 'kube-maintenance: invalid rules:');
    assert.ok(lines.length >= 4, t.err);
    assert.ok(lines.slice(1, -1).every((l) => l.startsWith('  ')), t.err);
    assert.match(t.err, /cronjob-batch-v1beta1/);
  });
});

describe('exit status and output', () => {
  test('a removed API fails the job; a deprecated one only with --fail-on deprecated; nothing found is 0', async () => {
    assert.deepEqual(await run(['scan', '-', '--target-version', '1.25'], CRON), { code: 1, out: CRON_LINE('-'), err: '' });
    assert.equal((await run(['scan', '-', '--target-version', '1.24'], CRON)).code, 0);
    assert.equal((await run(['scan', '-', '--target-version', '1.24', '--fail-on', 'deprecated'], CRON)).code, 1);
    assert.equal((await run(['scan', '-', '--target-version', '1.25', '--fail-on', 'removed'], CRON)).code, 1);
    assert.deepEqual(await run(['scan', '-', '--fail-on', 'deprecated'], 'apiVersion: batch/v1\nkind: CronJob\n'), { code: 0, out: '', err: '' });
    assert.deepEqual(await run(['scan', '-'], ''), { code: 0, out: '', err: '' });
  });

  test('without --target-version the newest version in the rules is the target', async () => {
    const r = await run(['scan', '-', '--format', 'json'], CRON);
    const report = JSON.parse(r.out) as { targetVersion: string };
    assert.match(report.targetVersion, /^1\.\d+$/);
    assert.ok(Number(report.targetVersion.split('.')[1]) >= 33);
  });

  test('JSON and SARIF end with a line break; SARIF names the tool version', async () => {
    const json = await run(['scan', '-', '--format', 'json'], CRON);
    assert.ok(json.out.endsWith('}\n'));
    assert.deepEqual(JSON.parse(json.out).errors, []);
    const sarif = await run(['scan', '-', '--format', 'sarif'], CRON);
    assert.equal(sarif.code, 1);
    assert.ok(sarif.out.endsWith('}\n'));
    const parsed = JSON.parse(sarif.out) as { runs: { tool: { driver: { version: string } } }[] };
    assert.equal(parsed.runs[0].tool.driver.version, packageJson.version);
    assert.ok(sarif.out.startsWith('{\n  "'), 'indented by two spaces');
  });

  test('a binary file, a broken link and an invalid UTF-8 file are listed as errors; the rest is scanned in name order, .yaml, .yml and .json only', async () => {
    const dir = join(tmp, 'mixed');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'b.YAML'), CRON);
    writeFileSync(join(dir, 'a.json'), INGRESS);
    writeFileSync(join(dir, 'sub', 'c.yml'), CRON);
    writeFileSync(join(dir, 'c.txt'), CRON);
    writeFileSync(join(dir, 'yaml'), CRON);
    writeFileSync(join(dir, 'bin.yml'), Buffer.from([0x61, 0, 0x62]));
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x61, 0xe9, 0x0a]));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'broken.yaml'));
    const r = await run(['scan', dir]);
    assert.equal(r.code, 1);
    assert.equal(r.err, '');
    assert.equal(
      r.out,
      `${join(dir, 'a.json')}:1:16: error: extensions/v1beta1 Ingress is no longer served since Kubernetes 1.22; use networking.k8s.io/v1 instead. [ingress-extensions-v1beta1]\n` +
        CRON_LINE(join(dir, 'b.YAML')) +
        CRON_LINE(join(dir, 'sub', 'c.yml')) +
        // links are followed while the folder is walked, before any file is read
        `${join(dir, 'broken.yaml')}:0: error: broken symbolic link\n` +
        `${join(dir, 'bin.yml')}:0: error: skipped: binary file\n` +
        `${join(dir, 'latin1.yaml')}:0: error: skipped: not valid UTF-8\n`,
    );
  });

  test('a file named on the command line is scanned whatever its extension', async () => {
    const file = join(tmp, 'cron.txt');
    writeFileSync(file, CRON);
    assert.deepEqual(await run(['scan', file]), { code: 1, out: CRON_LINE(file), err: '' });
  });

  test('several paths are scanned in the order given; a missing one is reported after the output and exits 2', async () => {
    const one = join(tmp, 'one.yaml');
    const two = join(tmp, 'two.yaml');
    writeFileSync(one, CRON);
    writeFileSync(two, CRON);
    const missing = join(tmp, 'missing');
    const r = await run(['scan', two, missing, one, `${missing}2`]);
    assert.equal(r.code, 2);
    assert.equal(r.out, `${CRON_LINE(two)}${CRON_LINE(one)}${missing}:0: error: no such file or directory\n${missing}2:0: error: no such file or directory\n`);
    assert.equal(r.err, `kube-maintenance: ${missing}: no such file or directory\nkube-maintenance: ${missing}2: no such file or directory\n`);
  });

  test('standard input and files mix', async () => {
    const one = join(tmp, 'mix.yaml');
    writeFileSync(one, CRON);
    const r = await run(['scan', one, '-'], CRON);
    assert.deepEqual(r, { code: 1, out: `${CRON_LINE(one)}${CRON_LINE('-')}`, err: '' });
  });
});
