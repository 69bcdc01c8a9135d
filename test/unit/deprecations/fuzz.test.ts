// A short run of the engine's fuzz properties (npm run fuzz runs them long, with a time budget).
import { test } from 'node:test';
import { PROPERTIES } from '../../fuzz/properties';

const settings = { numRuns: 150, seed: 20261201 };

for (const [name, property] of Object.entries(PROPERTIES)) {
  test(`fuzz: ${name}`, () => {
    property(settings);
  });
}
