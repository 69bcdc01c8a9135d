// Benchmarks of later features (simulator, scanner, tree) plug in here, one entry each.
import type { Figure } from './run';

type Record = (name: string, value: number, unit: string, baseline: number, baselineName: string) => void;
export interface Section {
  readonly name: string;
  run(rec: Record): Promise<void>;
}
export type { Figure };

export const sections: Section[] = [];
