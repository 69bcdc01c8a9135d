// Builds every bundle: the extension (small, loaded at activation), the Kubernetes client (loaded on
// first cluster use), the CLI, the webview scripts and the integration-test suite.
// Usage: node esbuild.js [--production] [--watch] [--tests]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** @type {import('esbuild').BuildOptions} */
const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Reports build errors the way VS Code's esbuild problem matcher expects. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => { if (watch) console.log('[watch] build started'); });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

function webviewEntries() {
  const dir = path.join(__dirname, 'src', 'webview');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts')).map((f) => path.join(dir, f));
}

/** The codicon font and its stylesheet into media/codicons/ (git-ignored, packaged), for the webviews: they load nothing from outside the extension. */
function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(__dirname, 'media', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

function integrationEntries() {
  const out = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ts$/.test(entry.name)) out.push(full);
    }
  };
  walk(path.join(__dirname, 'test', 'integration', 'suite'));
  walk(path.join(__dirname, 'test', 'bench', 'probe'));
  return out;
}

async function main() {
  const configs = [
    {
      ...nodeCommon,
      entryPoints: { extension: 'src/extension.ts' },
      outdir: 'dist',
      external: ['vscode'],
      plugins: [problemMatcher],
    },
    {
      // The Kubernetes client is large; it lives in its own bundle that extension.js requires lazily.
      ...nodeCommon,
      entryPoints: { kube: 'src/cluster/kube.ts' },
      outdir: 'dist',
      external: ['vscode'],
      plugins: [problemMatcher],
    },
    {
      ...nodeCommon,
      entryPoints: { cli: 'src/cli.ts' },
      outdir: 'dist',
      banner: { js: '#!/usr/bin/env node' },
      plugins: [problemMatcher],
    },
  ];
  const web = webviewEntries();
  if (web.length > 0) {
    // A production build leaves no source maps from an earlier development build for the package to pick up.
    if (production) fs.rmSync(path.join(__dirname, 'dist', 'webview'), { recursive: true, force: true });
    copyCodicons();
    configs.push({
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      sourcemap: !production,
      minify: production,
      entryPoints: web,
      outdir: 'dist/webview',
      logLevel: 'warning',
      plugins: [problemMatcher],
    });
  }
  if (tests) {
    // Stale suites from renamed files would still be picked up by the runner.
    fs.rmSync(path.join(__dirname, 'out'), { recursive: true, force: true });
    configs.push({
      ...nodeCommon,
      minify: false,
      sourcemap: 'inline',
      entryPoints: integrationEntries(),
      outbase: '.',
      outdir: 'out',
      external: ['vscode', 'mocha'],
      plugins: [problemMatcher],
    });
  }
  const present = configs.filter((c) => Object.values(c.entryPoints).every((e) => fs.existsSync(e)));
  if (watch) {
    const contexts = await Promise.all(present.map((c) => esbuild.context(c)));
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(present.map((c) => esbuild.build(c)));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
