/** One line of the `npm run bench` table. */
export interface BenchRow {
  /** What was measured, in the field's words. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The budget from DESIGN.md §6, as text (e.g. "<= 16 ms"). */
  readonly budget?: string;
  /** Whether the value meets the budget; undefined when there is no budget. */
  readonly pass?: boolean;
  /** A baseline measured in the same run (e.g. a full-table filter) and value/baseline or baseline/value as a ratio. */
  readonly baseline?: number;
  readonly ratio?: string;
  readonly note?: string;
}

export type BenchSuite = () => Promise<BenchRow[]>;
