// Custom rules as a user writes them: a rules file given to `scan --rules` (its errors, a rule for
// the core group) and the editor's sources (user and workspace settings, trust).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../../src/cli';
import { collectCustomRules } from '../../../src/core/deprecations/userRules';

const tmp = mkdtempSync(join(tmpdir(), 'km-mut-rules-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function scan(rulesText: string, manifest: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const file = join(tmp, `rules-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, rulesText);
  let out = '';
  let err = '';
  const code = await main(['scan', '-', '--rules', file, ...args], { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => new TextEncoder().encode(manifest) });
  return { code, out, err: err.split(file).join('RULES') };
}

describe('scan --rules', () => {
  test('a replacement, a link and sameSchema that are not what they must be are each named', async () => {
    const rules = `rules:
  - {id: a, apiVersion: example.com/v1beta1, kinds: [Widget], deprecatedIn: "1.28", replacement: "example.com v1"}
  - {id: b, apiVersion: example.com/v1beta1, kinds: [Gadget], deprecatedIn: "1.28", link: "ftp://example.com/notes"}
  - {id: c, apiVersion: example.com/v1beta1, kinds: [Doohickey], deprecatedIn: "1.28", sameSchema: "yes"}
`;
    assert.deepEqual(await scan(rules, 'apiVersion: example.com/v1beta1\nkind: Widget\n'), {
      code: 2,
      out: '',
      err: [
        'kube-maintenance: invalid rules:',
        '  RULES: rules[0] (a): "replacement" must look like group/version, got "example.com v1"',
        '  RULES: rules[1] (b): "link" must be an http(s) URL, got "ftp://example.com/notes"',
        '  RULES: rules[2] (c): "sameSchema" must be true or false, got "yes"',
        '',
      ].join('\n'),
    });
  });

  test('a rule for a core-group API (no group in its apiVersion) matches that API', async () => {
    const rules = 'rules:\n  - {id: componentstatus, apiVersion: v1, kinds: [ComponentStatus], deprecatedIn: "1.19", removedIn: "1.40"}\n';
    const { code, out } = await scan(rules, 'apiVersion: v1\nkind: ComponentStatus\nmetadata:\n  name: scheduler\n', '--target-version', '1.25');
    assert.equal(code, 0);
    assert.equal(out.split('\n')[0], '-:1:13: warning: v1 ComponentStatus is deprecated since 1.19 and stops being served in 1.40; there is no replacement API. [componentstatus]');
  });
});

describe('custom rules from the editor\'s settings', () => {
  const SETTING = 'kubeMaintenance.deprecations.customRules';
  const widget = { id: 'widget', apiVersion: 'example.com/v1alpha1', kinds: ['Widget'], deprecatedIn: '1.20' };

  test('in a trusted workspace, the workspace setting\'s rules count and its errors name it', () => {
    const result = collectCustomRules({ trusted: true, userSetting: undefined, workspaceSetting: [widget, { ...widget, id: 'bad', deprecatedIn: 'soon' }], files: [] }, SETTING, new Set());
    assert.deepEqual(result.rules.map((r) => r.id), ['widget']);
    assert.deepEqual(result.errors, [`${SETTING} (workspace settings): rules[1] (bad): "deprecatedIn" must be a Kubernetes version like "1.29", got "soon"`]);
  });

  test('an untrusted workspace whose setting is null has nothing to ignore there', () => {
    for (const workspaceSetting of [null, undefined, []]) {
      const result = collectCustomRules({ trusted: false, userSetting: undefined, workspaceSetting, files: [] }, SETTING, new Set());
      assert.deepEqual(result, { rules: [], errors: [], ignored: [] }, String(workspaceSetting));
    }
    const set = collectCustomRules({ trusted: false, userSetting: undefined, workspaceSetting: [widget], files: [] }, SETTING, new Set());
    assert.deepEqual(set.ignored, [`${SETTING} from workspace settings is ignored until the workspace is trusted`]);
  });
});
