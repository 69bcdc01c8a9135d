// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.vscode-test/**', 'node_modules/**', 'test-results/**', '.cache/**', 'reports/**', '.stryker-tmp*/**', 'test/mutation/**', '.mutation-build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  ...[1, 2, 3].map((depth) => ({
    // src/core is pure logic: data in, plain data out, runnable in plain Node. It never reaches up
    // into src/cluster, src/features or the extension entry (src/core/cluster is its own, and fine).
    files: [`src/core/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core must not depend on VS Code; translate at the edge in src/features.' },
          { name: '@kubernetes/client-node', message: 'src/core must not depend on the Kubernetes client; use src/cluster.' },
        ],
        patterns: [
          { regex: `^${'\\.\\./'.repeat(depth)}(cluster|features|extension|settings)(/|$)`, message: 'src/core never imports from src/cluster, src/features or the extension.' },
        ],
      }],
    },
  })),
  {
    // Plain CommonJS build and fixture scripts.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/webview/**/*.ts', 'media/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
