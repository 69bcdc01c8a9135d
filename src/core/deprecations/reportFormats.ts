import type { FileReport, ScanProblem } from './scanReport';
import type { Finding } from './findings';
import type { RuleSet } from './ruleSet';

export interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly ruleId: string;
  readonly status: 'removed' | 'deprecated';
  readonly kind: string;
  readonly apiVersion: string;
  readonly replacement: string | null;
  readonly deprecatedIn: string;
  readonly removedIn: string | null;
  readonly message: string;
}

export interface JsonReport {
  readonly targetVersion: string;
  readonly findings: readonly JsonFinding[];
  readonly errors: readonly ScanProblem[];
}

/** Upcoming removals are not part of machine-readable output: they are not problems at the target. */
function reportable(finding: Finding): finding is Finding & { status: 'removed' | 'deprecated' } {
  return finding.status !== 'upcoming';
}

export function toJsonReport(targetVersion: string, reports: readonly FileReport[], problems: readonly ScanProblem[]): JsonReport {
  const findings: JsonFinding[] = [];
  const errors: ScanProblem[] = [...problems];
  for (const report of reports) {
    for (const finding of report.findings.filter(reportable)) {
      findings.push({
        file: report.file,
        line: finding.range.start.line + 1,
        column: finding.range.start.character + 1,
        endLine: finding.range.end.line + 1,
        endColumn: finding.range.end.character + 1,
        ruleId: finding.ruleId,
        status: finding.status,
        kind: finding.objectKind,
        apiVersion: finding.apiVersion,
        replacement: finding.replacement ?? null,
        deprecatedIn: finding.deprecatedIn,
        removedIn: finding.removedIn ?? null,
        message: finding.message,
      });
    }
    for (const error of report.syntaxErrors) {
      errors.push({ file: report.file, line: error.range.start.line + 1, message: error.message });
    }
  }
  return { targetVersion, findings, errors };
}

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Makes text from a manifest (annotation keys, file names, messages quoting them) safe for one
 * line of a CI log: control characters become `\xNN` / `\uNNNN`, so a manifest cannot end the
 * line, move the cursor or start a line of its own such as a `::error::` workflow command.
 */
export function escapeForLog(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A whole output line: escaped, and never starting with `::`, which CI runners read as a command. */
function logLine(text: string): string {
  const safe = escapeForLog(text);
  return safe.startsWith('::') ? `./${safe}` : safe;
}

export function toText(report: JsonReport): string {
  const lines = report.findings.map((f) => logLine(`${f.file}:${f.line}:${f.column}: ${f.status === 'removed' ? 'error' : 'warning'}: ${f.message} [${f.ruleId}]`));
  for (const error of report.errors) {
    lines.push(logLine(`${error.file}:${error.line}: error: ${error.message}`));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function toUri(file: string): string {
  if (file === '-') {
    return 'stdin';
  }
  return file.split(/[\\/]/).map(encodeURIComponent).join('/').replace(/^\.\//, '');
}

/** SARIF 2.1.0 as GitHub code scanning reads it: rules with help links, results with regions. */
export function toSarif(report: JsonReport, rules: RuleSet, toolVersion: string): object {
  const ruleIds = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const sarifRules = ruleIds.map((id) => {
    const rule = rules.findRule(id);
    const link = rule?.link ?? '';
    const changes = rule?.changes ?? [];
    const description = rule ? ('group' in rule ? `${rule.group ? `${rule.group}/` : ''}${rule.version} ${rule.kinds.join(', ')}` : `${rule.subject} ${rule.name}`) : id;
    const summary = `Deprecated or removed: ${description}`;
    // a custom rule may have neither notes nor a link: then the summary, and no empty "See" or link
    const see = link ? [`See ${link}`] : [];
    const guide = link ? [`[Migration guide](${link})`] : [];
    return {
      id,
      name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: summary },
      fullDescription: { text: changes.join(' ') || summary },
      ...(link ? { helpUri: link } : {}),
      help: {
        text: [changes.join(' ') || summary, ...see].join(' '),
        markdown: [changes.map((c) => `- ${c}`).join('\n') || summary, ...guide].join('\n\n'),
      },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['kubernetes', 'deprecation'] },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-maintenance',
            informationUri: 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
            version: toolVersion,
            rules: sarifRules,
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? 0,
          level: f.status === 'removed' ? 'error' : 'warning',
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.file) },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          partialFingerprints: { primaryLocationLineHash: `${f.ruleId}:${f.file}:${f.kind}:${f.line}` },
        })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: toUri(e.file) }, ...(e.line > 0 ? { region: { startLine: e.line } } : {}) } }],
            })),
          },
        ],
        properties: { targetVersion: report.targetVersion },
      },
    ],
  };
}
