import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { mergeReports, orderBundles, scopeConfig, scopeFiles, testSourcesHash, type MergeableReport } from './mutationScopeRun';
import { MUTATION_SCOPES, type MutationScope } from './mutationScopes';
import { repoRoot } from './paths';

function tree(files: readonly string[] | Readonly<Record<string, string>>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'km-scope-'));
  const entries = Array.isArray(files) ? files.map((f: string) => [f, ''] as const) : Object.entries(files);
  for (const [f, text] of entries) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
  return root;
}

const scope: MutationScope = {
  mutate: ['src/core/x/**/*.ts'],
  groups: [
    { name: 'fast', files: ['test/unit/x/a.test.ts', 'test/unit/x/mut*.test.ts'] },
    { name: 'rest', files: ['test/unit/x/*.test.ts'] },
  ],
  complete: ['test/unit/x'],
  excluded: { 'test/unit/x/random.test.ts': 'random' },
};

describe('mutation scopes', () => {
  it('bundles each group in order, a file in the first group that names it, without the excluded ones', () => {
    const root = tree(['test/unit/x/a.test.ts', 'test/unit/x/b.test.ts', 'test/unit/x/mutOne.test.ts', 'test/unit/x/random.test.ts', 'test/unit/x/helpers.ts']);
    const { bundles, unassigned } = scopeFiles(root, 'x', scope);
    assert.deepEqual([...bundles.keys()], ['test/mutation/x/1-fast.bundle.ts', 'test/mutation/x/2-rest.bundle.ts']);
    const imports = (b: string): string[] => (bundles.get(b) ?? '').split('\n').filter((l) => l.startsWith('import'));
    assert.deepEqual(imports('test/mutation/x/1-fast.bundle.ts'), ["import '../../unit/x/a.test';", "import '../../unit/x/mutOne.test';"]);
    assert.deepEqual(imports('test/mutation/x/2-rest.bundle.ts'), ["import '../../unit/x/b.test';"]);
    assert.deepEqual(unassigned, []);
  });

  it('gives a group with no files yet no bundle, and keeps the later groups\' numbers', () => {
    const root = tree(['test/unit/x/b.test.ts']);
    const { bundles } = scopeFiles(root, 'x', scope);
    assert.deepEqual([...bundles.keys()], ['test/mutation/x/2-rest.bundle.ts']);
  });

  it('names a test file of a complete directory that no group takes', () => {
    const root = tree(['test/unit/x/a.test.ts', 'test/unit/y/new.test.ts']);
    const { unassigned } = scopeFiles(root, 'x', { ...scope, complete: ['test/unit/x', 'test/unit/y'] });
    assert.deepEqual(unassigned, ['test/unit/y/new.test.ts']);
  });

  describe('the hash of a group\'s test sources in its bundle', () => {
    const sources = {
      'test/unit/x/a.test.ts': "import { make } from './helpers';\nimport { run } from '../../../src/core/x/run';\n",
      'test/unit/x/helpers.ts': "export { shape } from '../../fixtures/shape';\nexport const make = 1;\n",
      'test/fixtures/shape.ts': 'export const shape = 1;\n',
      'test/unit/x/b.test.ts': "const m = await import('./lazy');\n",
      'test/unit/x/lazy.ts': 'export {};\n',
      'src/core/x/run.ts': 'export const run = 1;\n',
      'src/core/y.ts': 'export const y = 1;\n',
    };
    const hashAfter = (file: string, text: string, files = ['test/unit/x/a.test.ts']): [string, string] => {
      const root = tree(sources);
      const before = testSourcesHash(root, files, ['src/core/x/**/*.ts']);
      fs.writeFileSync(path.join(root, file), text);
      return [before, testSourcesHash(root, files, ['src/core/x/**/*.ts'])];
    };

    it('changes when a test file, a helper it imports or a helper of that helper changes', () => {
      for (const file of ['test/unit/x/a.test.ts', 'test/unit/x/helpers.ts', 'test/fixtures/shape.ts']) {
        const [before, after] = hashAfter(file, `${sources[file as keyof typeof sources]}// edited\n`);
        assert.notEqual(after, before, file);
      }
      const [before, after] = hashAfter('test/unit/x/lazy.ts', '// edited\n', ['test/unit/x/b.test.ts']);
      assert.notEqual(after, before, 'a dynamic import');
    });

    it('stays when a mutated file or a file nothing imports changes', () => {
      for (const file of ['src/core/x/run.ts', 'src/core/y.ts', 'test/unit/x/lazy.ts']) {
        const [before, after] = hashAfter(file, '// edited\n');
        assert.equal(after, before, file);
      }
    });

    it('is written into the group\'s bundle', () => {
      const root = tree(sources);
      const text = (): string => scopeFiles(root, 'x', scope).bundles.get('test/mutation/x/1-fast.bundle.ts') ?? '';
      const before = text();
      assert.match(before, new RegExp(`sha256 ${testSourcesHash(root, ['test/unit/x/a.test.ts'], scope.mutate)}`));
      fs.appendFileSync(path.join(root, 'test/unit/x/helpers.ts'), '// edited\n');
      assert.notEqual(text(), before);
    });
  });

  it('runs the --first groups before the others without renaming a bundle', () => {
    const bundles = ['test/mutation/x/1-fast.bundle.ts', 'test/mutation/x/2-rest.bundle.ts', 'test/mutation/x/3-added.bundle.ts', 'test/mutation/x/4-added-more.bundle.ts'];
    assert.deepEqual(orderBundles(bundles, ['added']), ['test/mutation/x/3-added.bundle.ts', 'test/mutation/x/1-fast.bundle.ts', 'test/mutation/x/2-rest.bundle.ts', 'test/mutation/x/4-added-more.bundle.ts']);
    assert.deepEqual(orderBundles(bundles, ['added-more', 'rest']), ['test/mutation/x/2-rest.bundle.ts', 'test/mutation/x/4-added-more.bundle.ts', 'test/mutation/x/1-fast.bundle.ts', 'test/mutation/x/3-added.bundle.ts']);
    assert.deepEqual(orderBundles(bundles, []), bundles);
    const config = scopeConfig({ mutate: ['x'], tap: { testFiles: ['all'] } }, 'x', scope, bundles, ['added']);
    assert.deepEqual(config.tap.testFiles, orderBundles(bundles, ['added']));
    assert.deepEqual(config.mutate, scope.mutate);
    assert.equal(config.incrementalFile, 'reports/mutation/x-incremental.json');
  });

  it('every scope of the project places every test file of its directories', () => {
    for (const [name, s] of Object.entries(MUTATION_SCOPES)) {
      assert.deepEqual(scopeFiles(repoRoot, name, s).unassigned, [], name);
      for (const file of Object.keys(s.excluded)) assert.ok(fs.existsSync(path.join(repoRoot, file)), `${name} excludes ${file}, which does not exist`);
    }
  });
});

const mutant = (line: number, status: string, mutatorName = 'BooleanLiteral', endColumn = 5) => ({ id: `${line}:${endColumn}`, mutatorName, replacement: 'false', status, location: { start: { line, column: 1 }, end: { line, column: endColumn } } });

describe('merging mutation reports', () => {
  const earlier: MergeableReport = {
    files: {
      'a.ts': { source: 'A', mutants: [mutant(1, 'Survived'), mutant(2, 'Killed')] },
      'b.ts': { source: 'B', mutants: [mutant(1, 'Survived')] },
      'c.ts': { source: 'C', mutants: [mutant(3, 'NoCoverage')] },
    },
  };

  it('a narrower later run replaces only the mutants it tested again', () => {
    const merged = mergeReports(earlier, { files: { 'a.ts': { source: 'A', mutants: [mutant(1, 'Killed')] } } });
    assert.deepEqual(merged.files['a.ts']?.mutants.map((m) => `${m.location.start.line} ${m.status ?? ""}`), ['1 Killed', '2 Killed']);
    assert.deepEqual(merged.files['b.ts'], earlier.files['b.ts']);
  });

  it('keeps mutants that start at the same place but end elsewhere (`a && b` and `a`)', () => {
    const nested = { files: { 'n.ts': { source: 'N', mutants: [mutant(1, 'Survived', 'ConditionalExpression', 5), mutant(1, 'Killed', 'ConditionalExpression', 12)] } } };
    const merged = mergeReports(nested, { files: { 'n.ts': { source: 'N', mutants: [mutant(1, 'Killed', 'ConditionalExpression', 5)] } } });
    assert.deepEqual(merged.files['n.ts']?.mutants.map((m) => `${m.id} ${m.status ?? ''}`), ['1:5 Killed', '1:12 Killed']);
  });

  it('a file whose source changed takes the later run alone', () => {
    const merged = mergeReports(earlier, { files: { 'c.ts': { source: 'C2', mutants: [mutant(4, 'Killed')] } } });
    assert.deepEqual(merged.files['c.ts']?.mutants.map((m) => m.location.start.line), [4]);
  });
});
