import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadKubeconfig, parseKubeconfig, resolveKubeconfigPaths, KubeconfigError, type ReadFile } from '../../../src/core/kubeconfig';

const cfg = (opts: { current?: string; contexts: [string, string, string?][]; clusters?: [string, string][]; users?: string[] }): string =>
  [
    'apiVersion: v1',
    'kind: Config',
    opts.current ? `current-context: ${opts.current}` : '',
    'clusters:',
    ...(opts.clusters ?? opts.contexts.map(([, c]) => [c, `https://${c}.example:6443`] as [string, string])).flatMap(([n, s]) => [`- name: ${n}`, '  cluster:', `    server: ${s}`]),
    'users:',
    ...(opts.users ?? ['admin']).flatMap((u) => [`- name: ${u}`, '  user:', '    token: abc']),
    'contexts:',
    ...opts.contexts.flatMap(([n, c, ns]) => [`- name: ${n}`, '  context:', `    cluster: ${c}`, '    user: admin', ...(ns ? [`    namespace: ${ns}`] : [])]),
  ].join('\n');

function reader(files: Record<string, string>): ReadFile {
  return async (p) => files[p];
}

describe('resolveKubeconfigPaths', () => {
  it('uses ~/.kube/config when nothing is set', () => {
    assert.deepEqual(resolveKubeconfigPaths({ home: '/home/u', platform: 'linux' }), { origin: 'default', files: ['/home/u/.kube/config'] });
  });
  it('splits KUBECONFIG on ":" dropping empties and repeats, ";" on Windows', () => {
    assert.deepEqual(resolveKubeconfigPaths({ env: '/a::/b:/a:~/c', home: '/h', platform: 'linux' }).files, ['/a', '/b', '/h/c']);
    assert.deepEqual(resolveKubeconfigPaths({ env: 'C:\\a;C:\\b', home: 'C:\\h', platform: 'win32' }).files, ['C:\\a', 'C:\\b']);
  });
  it('lets the setting override KUBECONFIG, with ~ expanded', () => {
    assert.deepEqual(resolveKubeconfigPaths({ setting: '~/k.yaml', env: '/a', home: '/h', platform: 'linux' }), { origin: 'setting', files: ['/h/k.yaml'] });
  });
});

describe('loadKubeconfig', () => {
  it('lists contexts sorted, marks the current one and resolves server URLs', async () => {
    const r = await loadKubeconfig({ origin: 'default', files: ['/k'] }, reader({ '/k': cfg({ current: 'prod', contexts: [['staging', 'stg', 'apps'], ['prod', 'prd']] }) }));
    assert.equal(r.state, 'ok');
    if (r.state !== 'ok') return;
    assert.deepEqual(r.config.contexts.map((c) => [c.name, c.isCurrent, c.server, c.namespace]), [
      ['prod', true, 'https://prd.example:6443', undefined],
      ['staging', false, 'https://stg.example:6443', 'apps'],
    ]);
  });

  it('merges several files like kubectl: first definition and first current-context win, missing files skipped', async () => {
    const files = {
      '/a': cfg({ contexts: [['shared', 'from-a']] }),
      '/b': cfg({ current: 'only-b', contexts: [['shared', 'from-b'], ['only-b', 'bb']] }),
      '/c': cfg({ current: 'shared', contexts: [['c', 'cc']] }),
    };
    const r = await loadKubeconfig({ origin: 'env', files: ['/a', '/missing', '/b', '/c'] }, reader(files));
    assert.equal(r.state, 'ok');
    if (r.state !== 'ok') return;
    assert.equal(r.config.currentContext, 'only-b');
    const shared = r.config.contexts.find((c) => c.name === 'shared');
    assert.equal(shared?.cluster, 'from-a');
    assert.equal(shared?.file, '/a');
    assert.deepEqual(r.config.contexts.map((c) => c.name), ['c', 'only-b', 'shared']);
    assert.deepEqual(r.config.loadedFiles, ['/a', '/b', '/c']);
  });

  it('reports "missing" when no file exists', async () => {
    const r = await loadKubeconfig({ origin: 'default', files: ['/h/.kube/config'] }, reader({}));
    assert.deepEqual(r, { state: 'missing', origin: 'default', files: ['/h/.kube/config'] });
  });

  it('reports a missing file named by the setting as broken, naming it', async () => {
    const r = await loadKubeconfig({ origin: 'setting', files: ['/x.yaml'] }, reader({}));
    assert.equal(r.state, 'broken');
    if (r.state === 'broken') assert.match(r.error.message, /\/x\.yaml: does not exist/);
  });

  it('names the broken file and the line of a YAML error', async () => {
    const r = await loadKubeconfig({ origin: 'env', files: ['/ok', '/bad'] }, reader({ '/ok': cfg({ contexts: [['a', 'a']] }), '/bad': 'apiVersion: v1\nclusters:\n  - name: x\n   cluster: {\n' }));
    assert.equal(r.state, 'broken');
    if (r.state !== 'broken') return;
    assert.equal(r.error.file, '/bad');
    assert.equal(r.error.reason, 'not valid YAML: Sequence item without - indicator');
    assert.equal(r.error.line, 4);
  });

  it('reports read errors (e.g. permission denied) as broken with the reason', async () => {
    const r = await loadKubeconfig({ origin: 'default', files: ['/k'] }, async () => {
      throw new Error('EACCES: permission denied');
    });
    assert.equal(r.state, 'broken');
    if (r.state === 'broken') assert.match(r.error.message, /^\/k: cannot be read: EACCES/);
  });

  it('flags contexts that name an undefined cluster or user', async () => {
    const text = cfg({ contexts: [['ghost', 'nowhere']], clusters: [['other', 'https://o:1']], users: ['someone-else'] });
    const r = await loadKubeconfig({ origin: 'default', files: ['/k'] }, reader({ '/k': text }));
    assert.equal(r.state, 'ok');
    if (r.state === 'ok') assert.match(r.config.contexts[0]?.problem ?? '', /cluster "nowhere", which no kubeconfig file defines/);
  });
});

describe('parseKubeconfig', () => {
  it('treats an empty file as an empty config', () => {
    assert.deepEqual(parseKubeconfig('/e', '  \n').contexts, []);
  });
  it('rejects a file that is not a kubeconfig, saying why', () => {
    assert.throws(() => parseKubeconfig('/p', 'apiVersion: v1\nkind: Pod\n'), (e: unknown) => e instanceof KubeconfigError && /kind is "Pod"/.test(e.reason) && e.line === 2);
    assert.throws(() => parseKubeconfig('/l', '- a\n- b\n'), /top level must be a mapping/);
    assert.throws(() => parseKubeconfig('/c', 'contexts: 5\n'), /"contexts" must be a list/);
    assert.throws(() => parseKubeconfig('/n', 'contexts:\n- context: {cluster: a}\n'), (e: unknown) => e instanceof KubeconfigError && /entry 1 of "contexts" has no name/.test(e.reason) && e.line === 2);
  });
  it('does not expand YAML alias bombs', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    assert.throws(() => parseKubeconfig('/bomb', bomb), KubeconfigError);
  });
  it('reports a broken BOM-prefixed kubeconfig exactly as the same file without the BOM', () => {
    const broken = 'apiVersion: v1\nkind: Config\nclusters: [\n  - name: a\n';
    const plain = (() => {
      try {
        parseKubeconfig('/k', broken);
      } catch (e) {
        return e as KubeconfigError;
      }
      throw new Error('expected an error');
    })();
    assert.throws(
      () => parseKubeconfig('/k', '\ufeff' + broken),
      (e: unknown) => e instanceof KubeconfigError && e.line === plain.line && e.reason === plain.reason && !/\ufeff|BOM|byte order/i.test(e.reason),
    );
    assert.throws(() => parseKubeconfig('/k', '\ufeffkind: Pod\n'), (e: unknown) => e instanceof KubeconfigError && e.reason === 'is not a kubeconfig: kind is "Pod", expected "Config"' && e.line === 1);
  });

  it('accepts a BOM and JSON', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Config', 'current-context': 'j', contexts: [{ name: 'j', context: { cluster: 'c' } }] });
    assert.equal(parseKubeconfig('/j', '\ufeff' + json).currentContext, 'j');
  });
});
