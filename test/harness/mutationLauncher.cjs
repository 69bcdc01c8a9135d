// Runs one test bundle of a mutation scope as plain CommonJS: the bundle and the sources it imports
// are compiled into one file with esbuild on first use in a Stryker sandbox and reused for every
// later mutant (Stryker switches mutants at run time, so the instrumented code does not change).
// That loads in a fraction of the time tsx needs to resolve and load the modules one by one.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const entry = path.resolve(process.argv[2]);
const out = path.join(process.cwd(), '.mutation-build', `${path.basename(entry, '.ts')}.cjs`);

if (!fs.existsSync(out)) {
  // A module's __dirname is its source folder, as under tsx, not the folder of the compiled file.
  const keepDirname = {
    name: 'keep-dirname',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => ({
        contents: fs.readFileSync(args.path, 'utf8').replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path))),
        loader: 'ts',
      }));
    },
  };
  const tmp = `${out}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  esbuild
    .build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', outfile: tmp, plugins: [keepDirname], logLevel: 'error' })
    .then(() => {
      fs.renameSync(tmp, out);
      require(out);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
} else {
  require(out);
}
