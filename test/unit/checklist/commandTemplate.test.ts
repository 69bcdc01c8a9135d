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

  it('follows the operator\'s own quoting across the line: each placeholder is quoted for where it stands', () => {
    const cases: [string, (name: string) => string[]][] = [
      [`args "a \${context}" b\${context} 'lit $x' "\${node}"`, (n) => [`a ${n}`, `b${n}`, 'lit $x', `${n}-n`]],
      [`args \\"\${context}`, (n) => [`"${n}`]],
      [`args "it's \${context}" 'say "hi"' \${node}`, (n) => [`it's ${n}`, 'say "hi"', `${n}-n`]],
      [`args 'x"y' \${context} "z'" \${node}`, (n) => ['x"y', n, "z'", `${n}-n`]],
      [`args "" \${context} '' "\${node}"x`, (n) => ['', n, '', `${n}-nx`]],
      [`args '\\' \${context}`, (n) => ['\\', n]],
    ];
    for (const [template, expected] of cases) {
      for (const name of ['prod cluster', "it's", '$(id)', 'a"b', 'plain']) {
        const line = expand(template, { context: name, node: `${name}-n` });
        assert.deepEqual(argsSeen(line), expected(name), `${template} with ${JSON.stringify(name)} → ${line}`);
      }
    }
  });

  it('refuses a placeholder inside single quotes, where no quoting can reach the shell', () => {
    assert.match(reason("sh -c 'kubectl --context ${context} get nodes'"), /\$\{context\} is inside single quotes/);
  });

  it('names every unknown placeholder and leaves shell variables written $NAME alone', () => {
    const r = reason('upgrade ${verison} on ${cluster} and ${verison} again');
    assert.match(r, /unknown placeholders \$\{verison\}, \$\{cluster\}/);
    assert.match(r, /known: \$\{version\}, \$\{patch\}, \$\{context\}, \$\{node\}, \$\{kubeconfig\}/);
    assert.match(reason('upgrade ${verison}'), /^unknown placeholder \$\{verison\} /);
    assert.equal(expand('echo $HOME ${version}'), 'echo $HOME 1.34');
    assert.equal(expand('echo ${version} ${node'), 'echo 1.34 ${node', 'an unterminated ${ is the operator\'s text');
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
    assert.equal(expand('kubectl --kubeconfig ${kubeconfig}', { kubeconfig: 'C:\\k k\\\\' }, 'win32'), 'kubectl --kubeconfig "C:\\k k\\\\\\\\"');
    assert.equal(expand('cmd "a b" ${context} "c ${node}"', { context: 'x y', node: 'n' }, 'win32'), 'cmd "a b" "x y" "c n"');
    assert.equal(expand('kubectl --context ${context}', { context: 'prod' }, 'win32'), 'kubectl --context prod');
    assert.equal(expand("echo '${context}'", { context: 'prod east' }, 'win32'), `echo '"prod east"'`, 'single quotes mean nothing to cmd.exe');
  });

  it('refuses values cmd.exe would expand or end a string on (%VAR%, !VAR!, quotes, line breaks)', () => {
    assert.match(reason('kubectl --context ${context}', { context: '%PATH%' }, 'win32'), /\$\{context\} contains "%"/);
    assert.match(reason('kubectl --context ${context}', { context: 'a"&calc' }, 'win32'), /contains """/);
    assert.match(reason('kubectl --context ${context}', { context: 'x!y!' }, 'win32'), /contains "!"/);
    assert.match(reason('kubectl --context ${context}', { context: 'a\nb' }, 'win32'), /a line break/);
  });
});
