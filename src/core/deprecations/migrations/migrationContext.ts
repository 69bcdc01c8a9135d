import { containsTemplate } from '../../manifests/helmTemplate';
import type { Path } from '../../manifests/manifestObjects';
import type { ManifestEditor } from './manifestEditor';
import { UnsafeMigration } from './unsafeMigration';

/** What a migration gets: an editor on the document and where the flagged object sits in it. */
export interface MigrationContext {
  readonly editor: ManifestEditor;
  /** Path from the document root to the object (non-empty for kind: List items). */
  readonly objectPath: Path;
  readonly kind: string;
  readonly apiVersion: string;
  /** For API rules: the apiVersion to move to. */
  readonly toApiVersion?: string;
  /** For field rules: path of the flagged pair and the flagged name. */
  readonly matchPath: Path;
  readonly matchName: string;
}

/** A migration makes its edits through the editor and returns notes for the user, or throws UnsafeMigration. */
export type Migration = (context: MigrationContext) => readonly string[];

export function at(context: MigrationContext, ...path: Path): Path {
  return [...context.objectPath, ...path];
}

export function requireTarget(context: MigrationContext): string {
  if (context.toApiVersion === undefined) {
    throw new UnsafeMigration('there is no replacement API version');
  }
  return context.toApiVersion;
}

export function setApiVersion(context: MigrationContext): void {
  context.editor.setScalar(at(context, 'apiVersion'), requireTarget(context));
}

/** Whether a value read with editor.shape() is (partly) template output. */
export function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && containsTemplate(value);
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Removes an annotation, and the whole annotations map when it was the only one. */
export function removeAnnotation(context: MigrationContext, annotationPath: Path): void {
  const annotationsPath = annotationPath.slice(0, -1);
  const annotations = context.editor.map(annotationsPath);
  if (annotations && annotations.items.length === 1) {
    context.editor.removeEntry(annotationsPath);
  } else {
    context.editor.removeEntry(annotationPath);
  }
}
