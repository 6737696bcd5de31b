/** One contract case as the browser reports it back to the spec (plain data, no Error objects). */
export interface ContractResult {
  readonly suite: string;
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}
