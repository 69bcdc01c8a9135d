// Tiny checks for validating JSON read back from storage, each failure naming where it is.

export class ShapeError extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path || 'the value'}: ${problem}`);
  }
}

export type Obj = Readonly<Record<string, unknown>>;

export function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ShapeError(path, 'expected an object');
  return v as Obj;
}

export function arr(v: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(path, 'expected a list');
  return v;
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new ShapeError(path, 'expected text');
  return v;
}

export function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ShapeError(path, 'expected a number');
  return v;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw new ShapeError(path, 'expected true or false');
  return v;
}

export function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new ShapeError(path, `expected one of ${allowed.join(', ')}`);
  return v as T;
}

export function opt<T>(v: unknown, read: (x: unknown) => T): T | undefined {
  return v === undefined ? undefined : read(v);
}

export function strList(v: unknown, path: string): string[] {
  return arr(v, path).map((x, i) => str(x, `${path}[${i}]`));
}

export function strRecord(v: unknown, path: string): Record<string, string> {
  const o = obj(v, path);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, str(x, `${path}.${k}`)]));
}

/** Keeps only the keys whose value is defined, so optional fields stay absent rather than undefined. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}
