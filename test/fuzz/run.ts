// npm run fuzz [-- --runs N] [--seed S] [--only NAME,…]: the engine's properties on generated
// input, long, with a time budget of 1 s per analysis of an input under 1 MB.
import { PROPERTIES } from './properties';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const numRuns = Number(arg('--runs') ?? '20000');
const seed = arg('--seed') !== undefined ? Number(arg('--seed')) : undefined;
const only = arg('--only')?.split(',');
let failed = 0;
for (const [name, property] of Object.entries(PROPERTIES)) {
  if (only && !only.includes(name)) continue;
  const started = Date.now();
  try {
    property({ numRuns, seed, timeBudgetMs: 1000 });
    console.log(`ok    ${name} (${numRuns} runs, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed++;
    console.log(`FAIL  ${name}\n${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
