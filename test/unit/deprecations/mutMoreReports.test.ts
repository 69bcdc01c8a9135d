// The SARIF file of a scan of standard input, as GitHub code scanning reads it: the schema and
// tool it names, each result's message, and `stdin` as the place of what was read from `-`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../../src/cli';

const CRON = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly\n';

async function scanStdin(manifest: string, ...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['scan', '-', '--target-version', '1.25', ...args], { stdout: (t) => (out += t), stderr: () => undefined, readStdin: async () => new TextEncoder().encode(manifest) });
  return { code, out };
}

interface Sarif {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; informationUri: string; rules: { id: string }[] } };
    results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[] }[];
  }[];
}

test('a SARIF report of standard input names the schema, the tool, each message and stdin as the file', async () => {
  const { code, out } = await scanStdin(CRON, '--format', 'sarif');
  assert.equal(code, 1);
  const sarif = JSON.parse(out) as Sarif;
  assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(sarif.version, '2.1.0');
  const [run] = sarif.runs;
  assert.equal(run.tool.driver.name, 'kube-maintenance');
  assert.equal(run.tool.driver.informationUri, 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/');
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['cronjob-batch-v1beta1']);
  assert.deepEqual(
    run.results.map((r) => ({ ruleId: r.ruleId, level: r.level, message: r.message, locations: r.locations })),
    [
      {
        ruleId: 'cronjob-batch-v1beta1',
        level: 'error',
        message: { text: 'batch/v1beta1 CronJob is no longer served since Kubernetes 1.25; use batch/v1 instead.' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'stdin' }, region: { startLine: 1, startColumn: 13, endLine: 1, endColumn: 26 } } }],
      },
    ],
  );
});

test('the text report names standard input as -', async () => {
  const { out } = await scanStdin(CRON);
  assert.equal(out, '-:1:13: error: batch/v1beta1 CronJob is no longer served since Kubernetes 1.25; use batch/v1 instead. [cronjob-batch-v1beta1]\n');
});
