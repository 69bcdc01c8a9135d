// Which documents of a file get their YAML syntax errors reported, and where: a document meant as
// a Kubernetes object does (even when the error breaks its apiVersion or kind line, or it is
// JSON after comments or a `---` line), a values document does not. Fast and full agree.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/core/deprecations/analyzeText';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';

const rules = builtinRuleSet();
const OK = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n';
const BROKEN_JSON = '{"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": [1}}\n';
const FLOW_SEQ = 'Flow sequence in block collection must be sufficiently indented and end with a ]';
const FLOW_MAP = 'Flow map in block collection must be sufficiently indented and end with a }';
const JSON_END = 'Flow map must end with a }';

/** line:col-line:col message, 1-based, as the Problems panel and the CLI show them. */
function errorsOf(text: string, strategy: 'fast' | 'full' = 'fast'): string[] {
  return analyzeText(text, rules, { strategy }).syntaxErrors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1}-${e.range.end.line + 1}:${e.range.end.character + 1} ${e.message}`);
}

const cases: [string, string, string[]][] = [
  ['a kind line indented by mistake', 'apiVersion: v1\n  kind: ConfigMap\n', ['1:13-1:14 Nested mappings are not allowed in compact mappings', '1:13-2:7 Implicit keys need to be on a single line']],
  ['quoted apiVersion and kind keys', '"apiVersion": v1\n"kind": ConfigMap\ndata: {a: [1}\n', [`3:13-3:14 ${FLOW_SEQ}`, `3:14-3:14 ${FLOW_MAP}`]],
  ['a space before the colons', 'apiVersion : v1\nkind : ConfigMap\ndata: {a: [1}\n', [`3:13-3:14 ${FLOW_SEQ}`, `3:14-3:14 ${FLOW_MAP}`]],
  ['a values document that mentions apiVersion below a key, and a kindOf key', 'settings:\n  apiVersion: v1\nkindOf: x\nbroken: [1}\n', []],
  ['a JSON object', BROKEN_JSON, [`1:59-1:60 ${FLOW_SEQ}`, `2:1-2:1 ${JSON_END}`]],
  ['a JSON object after comments and a blank line', `# generated\n\n# by a tool\n${BROKEN_JSON}`, [`4:59-4:60 ${FLOW_SEQ}`, `5:1-5:1 ${JSON_END}`]],
  ['a JSON object after a --- line', `${OK}---\n${BROKEN_JSON}`, [`6:59-6:60 ${FLOW_SEQ}`, `7:1-7:1 ${JSON_END}`]],
  ['a JSON object after a --- line with a comment, a blank line and comments', `${OK}--- # generated\n\n# by a tool\n# twice\n${BROKEN_JSON}`, [`9:59-9:60 ${FLOW_SEQ}`, `10:1-10:1 ${JSON_END}`]],
  ['a JSON object after a --- line with trailing blanks', `${OK}---  \t\n  \n${BROKEN_JSON}`, [`7:59-7:60 ${FLOW_SEQ}`, `8:1-8:1 ${JSON_END}`]],
  ['a JSON values object', '{"image": {"tag": [1}}\n', []],
  ['a JSON manifest with a duplicate key', '{"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "1", "a": "2"}}\n', ['1:62-1:63 Map keys must be unique']],
  ['a flow map left open before the next document', 'apiVersion: v1\nkind: ConfigMap\ndata: {a: 1\n---\nimage: x\n', [`4:1-4:1 ${FLOW_MAP}`]],
  ['a flow map and sequence left open before the next document', `apiVersion: v1\nkind: ConfigMap\ndata: [a, {b: 1\n---\n${OK}`, [`4:1-4:1 ${FLOW_MAP}`, `4:1-4:1 ${FLOW_SEQ}`]],
];

describe('syntax errors by document', () => {
  for (const [name, text, expected] of cases) {
    test(name, () => {
      assert.deepEqual(errorsOf(text), expected);
      assert.deepEqual(errorsOf(text, 'full'), expected);
    });
  }

  test('more than 100 errors in one document end with a line saying so', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n${'  a: "1"\n'.repeat(150)}`;
    const errors = errorsOf(text);
    assert.equal(errors.length, 101);
    assert.deepEqual(errors.slice(0, 2), ['5:3-5:4 Map keys must be unique', '6:3-6:4 Map keys must be unique']);
    assert.equal(errors[99], '104:3-104:4 Map keys must be unique');
    assert.equal(errors[100], '105:3-105:4 more than 100 syntax errors; the rest are not listed');
    assert.deepEqual(errorsOf(text, 'full'), errors);
  });
});
