import { sanitizeHelmTemplate, isHelmTemplate, type TemplateSpan } from '../../manifests/helmTemplate';
import { parseYamlStream } from '../../manifests/parseYaml';
import { LineIndex, normalizeLoneCarriageReturns, type Range } from '../../manifests/positions';
import { splitDocuments } from '../../manifests/splitDocuments';
import { compareMinor, parseMinorVersion, type MinorVersion } from '../../versions/kubeVersion';
import { stripBom } from '../analyzeText';
import { objectAt } from '../nestedLists';
import type { Finding } from '../findings';
import { isApiRule, type RuleSet } from '../ruleSet';
import { ManifestEditor } from './manifestEditor';
import { migrationFor } from './migrationRegistry';
import { UnsafeMigration } from './unsafeMigration';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export type FixProposal =
  | { readonly kind: 'edit'; readonly title: string; readonly ruleId: string; readonly edits: readonly TextEdit[]; readonly notes: readonly string[] }
  | { readonly kind: 'manual'; readonly title: string; readonly ruleId: string; readonly reason: string; readonly link: string };

export interface FixOptions {
  readonly target: MinorVersion;
  readonly path?: string;
  readonly helm?: boolean;
}

function manual(finding: Finding, reason: string): FixProposal {
  return { kind: 'manual', title: `Open the migration guide for ${finding.name}`, ruleId: finding.ruleId, reason, link: finding.link };
}

function fixTitle(finding: Finding): string {
  if (finding.subject === 'api') {
    return `Migrate ${finding.objectKind} to ${finding.replacement ?? 'a supported API'}`;
  }
  return finding.replacement ? `Replace ${finding.name} with ${finding.replacement}` : `Fix ${finding.name}`;
}

/**
 * Works out the edit that resolves one finding, or explains why it has to be done by hand.
 * The finding's document is parsed again on its own, so this stays cheap in large files.
 */
export function computeFix(rawText: string, finding: Finding, rules: RuleSet, options: FixOptions): FixProposal {
  const rule = rules.findRule(finding.ruleId);
  if (!rule) {
    return manual(finding, 'unknown rule');
  }
  const api = isApiRule(rule);
  if (api && finding.replacement === undefined) {
    return manual(finding, `${finding.apiVersion} ${finding.objectKind} has no replacement API`);
  }
  if (api && finding.replacementAvailableSince !== undefined) {
    const since = parseMinorVersion(finding.replacementAvailableSince);
    if (since && compareMinor(since, options.target) > 0) {
      return manual(finding, `${finding.replacement} is only served from Kubernetes ${finding.replacementAvailableSince}, after the target version`);
    }
  }
  const migration = migrationFor(rule);
  if (!migration) {
    return manual(finding, 'no automatic change is known for this rule');
  }
  const original = stripBom(rawText);
  // VS Code breaks lines at a lone CR and the YAML parser does not: parse and edit with LF in its
  // place (every offset stays the same), and write new lines as the file does
  const text = normalizeLoneCarriageReturns(original);
  const lineBreak = text === original ? undefined : lineBreakOf(original);
  const helm = options.helm ?? isHelmTemplate(options.path, text);
  const sanitized = helm ? sanitizeHelmTemplate(text) : { text, spans: [] as TemplateSpan[] };
  const segments = splitDocuments(sanitized.text);
  const segment = [...segments].reverse().find((s) => s.startLine <= finding.range.start.line);
  if (!segment) {
    return manual(finding, 'the document was not found');
  }
  const parsedText = sanitized.text.slice(segment.start, segment.end);
  const sourceText = text.slice(segment.start, segment.end);
  const lines = new LineIndex(parsedText);
  const local = { line: finding.range.start.line - segment.startLine, character: finding.range.start.character };
  const offset = lines.offsetAt(local);
  const spans = sanitized.spans
    .filter((s) => s.end > segment.start && s.start < segment.end)
    .map((s) => ({ start: s.start - segment.start, end: s.end - segment.start }));
  const stream = parseYamlStream(parsedText);
  // documents come in order (several only in a stream with directives): the first that ends after the offset holds it
  const doc = stream.documents.find((d) => offset <= d.range[2]);
  if (!doc) {
    return manual(finding, 'the document was not found');
  }
  const object = objectAt(doc, finding.path);
  if (!object) {
    return manual(finding, 'the object was not found');
  }
  const editor = new ManifestEditor(sourceText, doc, spans);
  try {
    const notes = migration({
      editor,
      objectPath: object.path,
      kind: object.kind,
      apiVersion: object.apiVersion,
      toApiVersion: finding.replacement,
      matchPath: finding.path,
      matchName: finding.name,
    });
    const edits = editor.result().map((edit) => {
      const range = lines.rangeAt(edit.start, edit.end);
      return {
        range: {
          start: { line: range.start.line + segment.startLine, character: range.start.character },
          end: { line: range.end.line + segment.startLine, character: range.end.character },
        },
        newText: lineBreak === '\r' ? edit.newText.replace(/\r?\n/g, '\r') : edit.newText,
      };
    });
    if (edits.length === 0) {
      return manual(finding, 'nothing to change automatically');
    }
    return { kind: 'edit', title: fixTitle(finding), ruleId: finding.ruleId, edits, notes };
  } catch (error) {
    if (error instanceof UnsafeMigration) {
      return manual(finding, error.reason);
    }
    throw error;
  }
}

/** A file's line break when it has lone CRs: CR when it has no other kind, else undefined (as written). */
function lineBreakOf(text: string): '\r' | undefined {
  return text.includes('\n') ? undefined : '\r';
}
