import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { isCertainlyValidYaml } from '../../../src/core/manifests/plainYaml';
import { readPlainYaml } from '../../../src/core/manifests/plainYamlReader';

/**
 * The fast path for plain manifests: `isCertainlyValidYaml` vouches for text the YAML parser
 * accepts without errors, and `readPlainYaml` then builds what the parser builds. Every answer
 * is checked against the parser itself (with unique keys, as the analysis reports them).
 */

function parserErrors(text: string): string[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  return Array.isArray(docs) ? docs.flatMap((d) => d.errors.map((e) => e.code)) : [];
}

/** Every node of a tree as one line: kind, flow style, and for scalars value, quoting and start-end. */
function shape(node: unknown, out: string[] = []): string[] {
  if (isScalar(node)) {
    out.push(`${JSON.stringify(node.value) ?? String(node.value)} ${node.type} ${node.range?.[0]}-${node.range?.[1]}`);
  } else if (isMap(node) || isSeq(node)) {
    out.push(`${isMap(node) ? 'map' : 'seq'}${node.flow ? ` flow ${node.range?.[0]}-${node.range?.[1]}` : ''} (${node.items.length})`);
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        shape(item.key, out);
        shape(item.value, out);
      } else {
        shape(item, out);
      }
    }
  } else {
    out.push(String(node));
  }
  return out;
}

function parserShape(text: string): string[] {
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  assert.ok(Array.isArray(docs) && docs.length === 1, JSON.stringify(text));
  return shape(docs[0].contents);
}

const MANIFEST = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  labels: {app: web, tier: front}',
  '  annotations:',
  '    note: "keep # this"',
  "    owner: 'team-a' # comment",
  'spec:',
  '  replicas: 3',
  '  template:',
  '    spec:',
  '      containers:',
  '      - name: app',
  '        image: nginx:1.27',
  '        args: [--port, 8080]',
  '        ports:',
  '          - containerPort: 80',
  '            protocol: TCP',
  '          -',
  '            containerPort: 443',
  '        env:',
  '        - name: EMPTY',
  '        - name: X',
  '          value:',
  '      - name: sidecar',
  '      volumes: []',
  'status: {}',
  '',
].join('\n');

/** Plain block YAML the fast path vouches for, each with something a manifest may hold. */
const VOUCHED = [
  MANIFEST,
  MANIFEST.replace(/\n/g, '\r\n'),
  'apiVersion: v1\nkind: Pod\n',
  'a: 1\r\nb: 2\r\n',
  'a: |\n  x\n',
  'a: |\n\n  x\nb: 1\n',
  'a: |-\n  x\n   y\nb: 2\n',
  'a: >+\n',
  'a: |\n',
  'a:  |\n  x\n',
  'a:   >-\n  x\nb: 1\n',
  'a:\n  b: |\n    x\n  c: 1\n',
  '- a\n- b: 1\n  c: 2\n-\n  - x\n',
  'a:\n- x\n- y\nb: 1\n',
  'a:\n  - x\n  -\n    k: v\n',
  'a:\n  b: 1\nc:\n  b: 2\n',
  '- a: 1\n- a: 2\n',
  'nulls: 1\ntrueish: 2\n',
  "k: 'x' # c\n",
  'k: "a" #c\n',
  'k: {a: 1, b: 2}\n',
  'k: {}\n',
  'k: []\n',
  'k: [a, b] # c\n',
  'k: v # comment\n',
  'k: #x\n  y: 1\n',
  'k: v#x\n',
  'k: http://x\n',
  'k: -1\n',
  'k: ~\nl: .5\nm: (x)\nn: +1\no: =\np: ^x\nq: <x\nr: $x\ns: _x\nt: /x\nu: .x\n',
  'k:   v\n',
  'k.a/b-c_d: v\n',
  'Key9: v\n',
  '# c\na: 1\n  # c\n',
  '---\na: 1\n',
  '--- # doc\na: 1\n',
  'a: 1\n...\n',
  'a: 1\n... \n',
  'a:\n  - b: 1\n    c: 2\n  - d\n',
  'a:\n- b\nc:\n- d\n',
  'a:\n-\n',
  'a:\n  b:\n  c: 1\n',
  'a:\n\n  b: 1\n',
  'a:\n  \n  b: 1\n',
  '- \n- x\n',
  '-\n- x\n',
  '- # c\n  a: 1\n',
  'a: # c\n  b: 1\n',
  'k: 0o17\nl: 0x1F\nm: .inf\nn: -.Inf\no: .NaN\np: 1e3\nq: 1.5\nr: 1.\ns: -2.5E-3\nt: 012\nu: 1_000\n',
  'a: xtrue\nb: truex\nc: Truex\nd: xfalse\ne: falsey\nf: 10o17\ng: 0o17x\nh: 0o19\ni: a0x1F\nj: 0x1Fg\nk: x.inf\nl: .infx\nm: x.nan\nn: .nanx\no: x1e3\np: 1e3x\nq: .55e3\nr: 12e3\ns: 1.55e3\nt: 1e33\nu: -1.5\nv: +.5\nw: .55\nx: 12.5\ny: 1.5x\nz: x1.5\naa: 1.e3\nab: -.5e-3\nac: 1.50\nad: 0o7\nae: +12\naf: 0x0\nag: xnull\nah: nullx\nai: x~\naj: -x.inf\nak: 1.5.5\n',
  'k: TRUE\nl: False\nm: Null\nn: yes\no: true\np: NULL\nq: FALSE\nr: null\n',
  "k: ''\nl: \"\"\n",
  'k: a  # c  \n',
  'k: a   \n',
  '- a  \n- a # c\n',
  "- 'q'\n- [a, b]\n- {a: b}\n",
  '- [a, b] # c\n',
  '- {a: b}   \n',
  'a:\n- b:\n  - c\n- d\n',
  'a:\n  b:\n  - x\n  c: 1\n',
  'a:\n  b:\n  - x\n  - y\nc: 1\n',
  'a:\n  - b:\n    - x\n    c: 1\n',
  'items:\n- a: 1\n  b:\n  - c\n  d: 2\n- e\n',
  'l:\n  - x\n  -\n  - y\n',
  'l:\n  -\n  -\n',
  'a: [ a , b ]\n',
  'a: {a: 1,b: 2}\n',
  'k: x y z\n',
  'k: a:b\n',
  'k: a-b\n',
  '- a:b\n- c:d:e\n',
  'a: {x:  1, y:   2}\n',
  'k: -x\n',
  `${'k'.repeat(1000)}: v\n`,
  'a: 1',
  'a:',
  'a:\n  b: 1',
  '- x',
  '-',
  'A: 1\nZ: 2\nz: 3\naz09_./-: 4\nb: 0\nc: 9\nd: A\ne: Z\nf: a\ng: z\n',
  'k: \'a\\b\'\n',
  'k: "a"  \n',
  'k: a # b: c\n',
  'a: |- \n  x\n',
  '--- \na: 1\n',
  'a: |\n  x\n\n  y\n',
  'a:\n  b: |\n  c: 1\n',
  'a: |\n  x',
  'a: |\n\n\n  x\n',
  'a: |\n  x\n   \nb: 1\n',
  '- a: |\n    x\n  b: 1\n',
  'k: \'x\'  # c\n',
  'k: \'x\' #\n',
  'k: [a] #\n',
  'k: [a]  \n',
  'k: {a: b}  # c\n',
  'k: {a: b,c: d}\n',
  'k: {a-b: c}\n',
  'k: {a.b/c_d: e}\n',
  'k: {A: 1}\n',
  '- a\n-   \n',
  '-   # c\n',
  '-  \r\n- x\r\n',
  '-  \n- x\n',
  '- #c\n',
  '-\n  - a\n',
  '- \n  a: 1\n',
  'a:\n  -\n  - b\n',
  'a:\n-\n  b: 1\n',
  'x:\n  y:\n  - 1\n  z:\n  - 2\n',
  'x:\n  y:\n  - a: 1\n    b: 2\n  - c\n  z: 3\n',
];

/** Text the fast path leaves to the parser: syntax errors, and YAML outside its plain subset. */
const NOT_VOUCHED = [
  'a:\r\n  b: 1\r',
  'a: 1\rb: 2\n',
  'a: |\n   \n  x\n',
  'a: |\n  x\n y\n',
  'a: |\n  \n',
  'a: |\n  \nb: 1\n',
  'a: | x\n',
  'a: |2\n  x\n',
  'a: |+1\n  x\n',
  'a:\n-   x\n',
  '- - a\n',
  '-  a: 1\n',
  '- ---\n',
  'a: b: c\n',
  'a: b\n c: d\n',
  'a: 1\na: 2\n',
  'a:\n  b: 1\n  b: 2\n',
  '- a: 1\n  a: 2\n',
  'true: 1\nTrue: 2\n',
  'null: 1\n',
  'Null: 1\n',
  'false: 1\n',
  "k: 'it''s'\n",
  "k: 'x'y\n",
  'k: "a\\n"\n',
  'k: "a\n',
  "k: '\n",
  'k: "a" x\n',
  'k: "a"#c\n',
  'k: {a: 1, a: 2}\n',
  'k: {a: 1, b: [x]}\n',
  'k: { }\n',
  'k: [ ]\n',
  "k: [a, 'b']\n",
  'k: [a, "b"]\n',
  'k: [a:b]\n',
  'k: [a, ]\n',
  'k: [a#b]\n',
  'k: [a, b]x\n',
  'k: [a, b] x\n',
  'k: [a\n',
  'k: {a 1}\n',
  'k: {a: }\n',
  'k: {1a: b}\n',
  'k: {a: b: c}\n',
  'k: {a: "b}\n',
  'k: [-a, -]\n',
  'k: [@a]\n',
  'k: ["a]\n',
  'k: {a: b} x\n',
  'k: {a: b}x\n',
  'k: {a: b, null: c}\n',
  'k: v:\n',
  'k: v: w\n',
  'k: v:  \n',
  'k: - 1\n',
  'k: @x\n',
  'k: `x\n',
  'k: %x\n',
  'k: *x\n',
  'k: &a x\n',
  'k: !t x\n',
  'k: ?x\n',
  'k: |x\n',
  'k: -\n',
  'k:\tv\n',
  'k:v\n',
  'k :v\n',
  '1k: v\n',
  '_k: v\n',
  '.k: v\n',
  'k\u00e9: v\n',
  'k: \u00e9\n',
  `${'k'.repeat(1001)}: v\n`,
  'a:\n  b: 1\n c: 2\n',
  'a:\n    b: 1\n  c: 2\n',
  ' a: 1\n',
  'a: 1\n  b: 2\n',
  '---x\na: 1\n',
  '--- a\n',
  '---\t\na: 1\n',
  'a: 1\n---\nb: 2\n',
  'a: 1\n...\nb: 2\n',
  'a: 1\n... x\n',
  'a:\n  - b: 1\n   c: 2\n',
  'a:\n  - x\n  y: 1\n',
  'a:\n- x\n  - y\n',
  'a:\n- x\nb\n',
  '- a\nb: 1\n',
  'a: 1\n- b\n',
  'a:\n  - b\n - c\n',
  'k\n',
  '"k": v\n',
  '? k\n: v\n',
  'k: v\n%YAML 1.2\n',
  'a:\n  b: 1\n  - c\n',
  '-\n  a: 1\n  - b\n',
  'a:\n- b\n- c\n  d: 1\n',
  'a:\n  - - x\n',
  'a: "x"\nb: [1, "2", \'3\']\n',
  'a: {x: "1", y: \'2\'}\n',
  '-a: 1\n',
  '---#x\na: 1\n',
  'a: 1\n....\n',
  'k: a\u007f\n',
  'k: a\u001f\n',
  '@k: 1\n',
  '`k: 1\n',
  '[k: 1\n',
  '{k: 1\n',
  'k@: 1\n',
  'a: >\n   x\n  y\n',
  'a: |\n    \n  x\n',
  'a:\n  - |\n    x\n',
  '- |\n  x\n',
  'k: {a: b, c: d, a: e}\n',
  'a:\n- b\n  c: 1\n',
];

describe('plain YAML that the analysis reads without the parser', () => {
  for (const text of VOUCHED) {
    test(`vouched for, and read as the parser reads it: ${JSON.stringify(text.slice(0, 60))}`, () => {
      assert.deepEqual(parserErrors(text), [], 'the corpus holds only valid YAML here');
      assert.equal(isCertainlyValidYaml(text), true);
      const ours = readPlainYaml(text);
      if (/: +[|>]/.test(text)) {
        // block scalars are vouched for but left to the parser to read
        assert.equal(ours, undefined);
        return;
      }
      assert.ok(ours);
      assert.deepEqual(shape(ours.contents), parserShape(text));
      assert.deepEqual(ours.toJS(), parseAllDocuments(text)[0]?.toJS());
      assert.deepEqual(ours.range, [0, text.length, text.length]);
      assert.deepEqual(ours.errors, []);
    });
  }

  for (const text of NOT_VOUCHED) {
    test(`left to the parser: ${JSON.stringify(text.slice(0, 60))}`, () => {
      assert.equal(isCertainlyValidYaml(text), false);
      assert.equal(readPlainYaml(text), undefined);
    });
  }

  test('every text with a syntax error in these lists is left to the parser', () => {
    const broken = NOT_VOUCHED.filter((t) => parserErrors(t).length > 0);
    assert.ok(broken.length >= 40, `${broken.length} broken texts`);
    for (const text of broken) {
      assert.equal(isCertainlyValidYaml(text), false, JSON.stringify(text));
    }
  });

  test('a document slice without a trailing line break, or only comments, is read as the parser reads it', () => {
    for (const text of ['# only a comment\n', '\n\n', '', '---\n', '--- # c\n']) {
      assert.equal(isCertainlyValidYaml(text), true, JSON.stringify(text));
      const ours = readPlainYaml(text);
      assert.ok(ours);
      assert.equal(ours.contents, null);
    }
  });
});
