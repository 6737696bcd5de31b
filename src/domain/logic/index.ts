/** The logic engine: rules checked at publish (`checkLogic`), compiled once and evaluated per snapshot (`compileLogic`). */
export * from './expr';
export type { CompiledLogic, LogicPart, LogicState, ValueType } from './types';
export type { LogicIssue } from './check';
export { checkLogic } from './check';
export { compileLogic } from './compile';
export { countDrivenRows, MAX_ROWS } from './node-eval';
export { changedKeys } from './changed-keys';
