// The operator's upgrade commands with their placeholders filled in: what the shell receives must be
// exactly the value, whatever the context or node is called.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { expandCommand, type CommandValues } from '../../../src/core/checklist/commandTemplate';

const values: CommandValues = { version: '1.34', patch: '1.34.1', context: 'prod', kubeconfig: '/home/ops/.kube/config' };

function expand(template: string, v: Partial<CommandValues> = {}, platform: 'posix' | 'win32' = 'posix'): string {
  const r = expandCommand(template, { ...values, ...v }, platform);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.command;
}

function reason(template: string, v: Partial<CommandValues> = {}, platform: 'posix' | 'win32' = 'posix'): string {
  const r = expandCommand(template, { ...values, ...v }, platform);
  assert.ok(!r.ok, `expected a refusal, got ${r.ok ? r.command : ''}`);
  return r.reason;
}

/** The arguments /bin/sh hands to a program for this command line. */
function argsSeen(command: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `${command.replace(/^args /, "printf '%s\\0' ")}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const HOSTILE = [
  'prod cluster',
  "it's mine",
  'a"b',
  '$(touch /tmp/km-pwned)',
  '`id`',
  'x; echo broken',
  'back\\slash',
  'line\nbreak',
  '${HOME}',
  '',
  '--all-namespaces',
];

describe('command templates', () => {
  it('fills every placeholder; plain values stay unquoted so the line reads as the operator wrote it', () => {
    assert.equal(
      expand('kubeadm upgrade apply v${patch} -y && kubectl --context ${context} --kubeconfig ${kubeconfig} get nodes # ${version}'),
      'kubeadm upgrade apply v1.34.1 -y && kubectl --context prod --kubeconfig /home/ops/.kube/config get nodes # 1.34',
    );
    assert.equal(expand('ssh ${node} sudo apt-get install -y kubelet=${version}.*', { node: 'worker-1' }), 'ssh worker-1 sudo apt-get install -y kubelet=1.34.*');
  });

  it('a context or node name cannot break out of its argument in a POSIX shell', () => {
    for (const name of HOSTILE) {
      const line = expand('args ${context} ${node}', { context: name, node: `${name}-n` });
      assert.deepEqual(argsSeen(line), [name, `${name}-n`], `context ${JSON.stringify(name)} → ${line}`);
    }
  });

  it('a placeholder inside the operator\'s double quotes is escaped for that string', () => {
    for (const name of HOSTILE) {
      const line = expand('args "ctx=${context}!"', { context: name });
      assert.deepEqual(argsSeen(line), [`ctx=${name}!`], `context ${JSON.stringify(name)} → ${line}`);
    }
  });

  it('refuses a placeholder inside single quotes, where no quoting can reach the shell', () => {
    assert.match(reason("sh -c 'kubectl --context ${context} get nodes'"), /\$\{context\} is inside single quotes/);
  });

  it('names every unknown placeholder and leaves shell variables written $NAME alone', () => {
    const r = reason('upgrade ${verison} on ${cluster} and ${verison} again');
    assert.match(r, /unknown placeholders \$\{verison\}, \$\{cluster\}/);
    assert.match(r, /known: \$\{version\}, \$\{patch\}, \$\{context\}, \$\{node\}, \$\{kubeconfig\}/);
    assert.equal(expand('echo $HOME ${version}'), 'echo $HOME 1.34');
    assert.equal(expand('echo \\${version}'), 'echo \\${version}', 'an escaped placeholder is the shell\'s');
  });

  it('refuses ${node} in the control-plane command, and ${patch} when release data has none', () => {
    assert.match(reason('kubeadm upgrade node ${node}'), /\$\{node\}: only node commands have a node/);
    assert.match(reason('kubeadm upgrade apply v${patch}', { patch: undefined }), /\$\{patch\}: no recommended patch release is known/);
    assert.match(reason('   '), /empty/);
  });

  it('quotes for cmd.exe: spaces in quotes, other shell characters kept literal inside them', () => {
    assert.equal(expand('kubectl --context ${context} get nodes', { context: 'prod east' }, 'win32'), 'kubectl --context "prod east" get nodes');
    assert.equal(expand('kubectl --context ${context} get nodes', { context: 'a&b|c' }, 'win32'), 'kubectl --context "a&b|c" get nodes');
    assert.equal(expand('kubectl --kubeconfig ${kubeconfig}', { kubeconfig: 'C:\\Users\\ops\\kube dir\\' }, 'win32'), 'kubectl --kubeconfig "C:\\Users\\ops\\kube dir\\\\"');
    assert.equal(expand('kubectl --context "${context}"', { context: 'prod east' }, 'win32'), 'kubectl --context "prod east"');
    assert.equal(expand('kubectl --context ${context}', { context: 'prod' }, 'win32'), 'kubectl --context prod');
  });

  it('refuses values cmd.exe would expand or end a string on (%VAR%, !VAR!, quotes, line breaks)', () => {
    assert.match(reason('kubectl --context ${context}', { context: '%PATH%' }, 'win32'), /\$\{context\} contains "%"/);
    assert.match(reason('kubectl --context ${context}', { context: 'a"&calc' }, 'win32'), /contains """/);
    assert.match(reason('kubectl --context ${context}', { context: 'x!y!' }, 'win32'), /contains "!"/);
    assert.match(reason('kubectl --context ${context}', { context: 'a\nb' }, 'win32'), /a line break/);
  });
});
