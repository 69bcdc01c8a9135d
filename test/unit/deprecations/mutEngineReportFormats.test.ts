// What a CI job gets from `scan` in its report formats: the SARIF file GitHub code scanning reads
// (rules, levels, file URIs, the files it could not scan) and text lines a manifest's file name
// cannot break.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../../src/cli';

const tmp = mkdtempSync(join(tmpdir(), 'km-mut-report-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
// paths as a CI job passes them: relative to where it runs
const rel = relative(process.cwd(), tmp);

const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n';
const POD_SECCOMP = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\nspec:\n  containers: []\n';
const ENDPOINTS = 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\n';

mkdirSync(join(tmp, 'charts'));
writeFileSync(join(tmp, 'charts', 'a b.yaml'), `${CRON}---\n${POD_SECCOMP}---\n${ENDPOINTS}`);
writeFileSync(join(tmp, 'charts', 'broken.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [x\n');
writeFileSync(join(tmp, 'charts', 'webhook.yaml'), 'apiVersion: admissionregistration.k8s.io/v1beta1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: w\nwebhooks: []\n');
writeFileSync(join(tmp, 'widget.yaml'), 'apiVersion: example.com/v1beta1\nkind: Widget\n');
writeFileSync(join(tmp, 'rules.yaml'), 'rules:\n  - {id: widget-v1beta1, apiVersion: example.com/v1beta1, kinds: [Widget], deprecatedIn: "1.20"}\n');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => new Uint8Array() });
  return { code, out, err };
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[];
  partialFingerprints: { primaryLocationLineHash: string };
}
interface Sarif {
  runs: {
    tool: { driver: { rules: SarifRule[] } };
    results: SarifResult[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: object[] }[];
    properties: object;
  }[];
}

describe('scan --format sarif', async () => {
  const { code, out } = await run(['scan', `${rel}/charts`, `./${rel}/widget.yaml`, `${rel}/missing.yaml`, '--rules', join(tmp, 'rules.yaml'), '--target-version', '1.33', '--format', 'sarif']);
  const [sarifRun] = (JSON.parse(out) as Sarif).runs;

  test('a missing path is a usage error, after the report', () => {
    assert.equal(code, 2);
  });

  test('each rule found is described by its API or its field, with its notes and guide', () => {
    const cronGuide = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/#cronjob-v125';
    const cronNote = 'The schema is unchanged; only apiVersion changes.';
    const seccompGuide = 'https://kubernetes.io/docs/tutorials/security/seccomp/';
    const seccompNote = 'The annotation is ignored from 1.27; set securityContext.seccompProfile (type RuntimeDefault, Localhost with localhostProfile, or Unconfined).';
    const rules = sarifRun.tool.driver.rules;
    assert.deepEqual(
      rules.map((r) => r.id),
      ['annotation-seccomp-pod', 'cronjob-batch-v1beta1', 'endpoints-core-v1', 'webhook-admissionregistration-v1beta1', 'widget-v1beta1'],
    );
    const [seccomp, cron, endpoints, webhook, widget] = rules;
    assert.deepEqual(
      { ...seccomp, defaultConfiguration: undefined, properties: undefined },
      {
        id: 'annotation-seccomp-pod',
        name: 'AnnotationSeccompPod',
        shortDescription: { text: 'Deprecated or removed: annotation seccomp.security.alpha.kubernetes.io/pod' },
        fullDescription: { text: seccompNote },
        helpUri: seccompGuide,
        help: { text: `${seccompNote} See ${seccompGuide}`, markdown: `- ${seccompNote}\n\n[Migration guide](${seccompGuide})` },
        defaultConfiguration: undefined,
        properties: undefined,
      },
    );
    assert.deepEqual([cron.shortDescription, cron.fullDescription, cron.helpUri, cron.help], [
      { text: 'Deprecated or removed: batch/v1beta1 CronJob' },
      { text: cronNote },
      cronGuide,
      { text: `${cronNote} See ${cronGuide}`, markdown: `- ${cronNote}\n\n[Migration guide](${cronGuide})` },
    ]);
    // the core group has no "group/" in its apiVersion
    assert.equal(endpoints.shortDescription.text, 'Deprecated or removed: v1 Endpoints');
    // several notes: one sentence each in the text, one item each in the markdown
    assert.equal(webhook.shortDescription.text, 'Deprecated or removed: admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration, ValidatingWebhookConfiguration');
    const items = webhook.help.markdown.split('\n');
    assert.deepEqual(items.slice(-2), ['', '[Migration guide](https://kubernetes.io/docs/reference/using-api/deprecation-guide/#webhook-resources-v122)']);
    const notes = items.slice(0, -2);
    assert.ok(notes.length > 2 && notes.every((line) => line.startsWith('- ')), webhook.help.markdown);
    const sentences = notes.map((line) => line.slice(2)).join(' ');
    assert.equal(webhook.fullDescription.text, sentences);
    assert.equal(webhook.help.text, `${sentences} See https://kubernetes.io/docs/reference/using-api/deprecation-guide/#webhook-resources-v122`);
    // a custom rule without a message or link: its description, and no empty link
    const summary = 'Deprecated or removed: example.com/v1beta1 Widget';
    assert.deepEqual(widget, {
      id: 'widget-v1beta1',
      name: 'WidgetV1beta1',
      shortDescription: { text: summary },
      fullDescription: { text: summary },
      help: { text: summary, markdown: summary },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['kubernetes', 'deprecation'] },
    });
  });

  test('results: removed (or without effect) is an error, deprecated a warning, at URIs relative to where the scan ran', () => {
    const file = `${rel}/charts/a b.yaml`;
    const uri = `${rel}/charts/a%20b.yaml`;
    assert.deepEqual(
      sarifRun.results.map((r) => [r.ruleId, r.ruleIndex, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.partialFingerprints.primaryLocationLineHash]),
      [
        ['cronjob-batch-v1beta1', 1, 'error', uri, `cronjob-batch-v1beta1:${file}:CronJob:1`],
        ['annotation-seccomp-pod', 0, 'error', uri, `annotation-seccomp-pod:${file}:Pod:11`],
        ['endpoints-core-v1', 2, 'warning', uri, `endpoints-core-v1:${file}:Endpoints:15`],
        // a leading ./ is left out of the URI
        ['webhook-admissionregistration-v1beta1', 3, 'error', `${rel}/charts/webhook.yaml`, `webhook-admissionregistration-v1beta1:${rel}/charts/webhook.yaml:ValidatingWebhookConfiguration:1`],
        ['widget-v1beta1', 4, 'warning', `${rel}/widget.yaml`, `widget-v1beta1:./${rel}/widget.yaml:Widget:1`],
      ],
    );
    assert.deepEqual(sarifRun.results[0].locations[0].physicalLocation.region, { startLine: 1, startColumn: 13, endLine: 1, endColumn: 26 });
  });

  test('files it could not scan are notifications: a missing one without a region, a syntax error with its line', () => {
    assert.deepEqual(sarifRun.invocations, [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          { level: 'error', message: { text: 'no such file or directory' }, locations: [{ physicalLocation: { artifactLocation: { uri: `${rel}/missing.yaml` } } }] },
          {
            level: 'error',
            message: { text: 'Flow sequence in block collection must be sufficiently indented and end with a ]' },
            locations: [{ physicalLocation: { artifactLocation: { uri: `${rel}/charts/broken.yaml` }, region: { startLine: 5 } } }],
          },
        ],
      },
    ]);
    assert.deepEqual(sarifRun.properties, { targetVersion: '1.33' });
  });
});

describe('scan text lines', () => {
  test('a path that starts with :: cannot become a CI command', async () => {
    const { code, out } = await run(['scan', '::error file=app.yaml::forged', '--target-version', '1.25']);
    assert.equal(code, 2);
    assert.equal(out, './::error file=app.yaml::forged:0: error: no such file or directory\n');
  });

  test('control characters in a file name are escaped', async () => {
    const dir = join(tmp, 'names');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tab\there\u2028.yaml'), CRON);
    const { code, out } = await run(['scan', `${rel}/names`, '--target-version', '1.25']);
    assert.equal(code, 1);
    assert.equal(out, `${rel}/names/tab\\x09here\\u2028.yaml:1:13: error: batch/v1beta1 CronJob is no longer served since Kubernetes 1.25; use batch/v1 instead. [cronjob-batch-v1beta1]\n`);
  });
});
