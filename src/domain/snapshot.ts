import type { Answers } from './answers';

/**
 * The plain-data view of an instance's completion state (projected from its Yjs doc):
 * `done` holds step ids (procedure) or item ids (checklist); `values` holds answers keyed
 * by field id (form) or by `stepValueKey(stepId, fieldId)` (fields attached to a step).
 */
export interface CompletionSnapshot {
  readonly done: Readonly<Record<string, boolean | undefined>>;
  readonly values: Answers;
  /**
   * Live rows of each repeat group (key: the group's section or step id), in their order.
   * Absent for a definition without repeat groups (and in snapshots made before them).
   */
  readonly rows?: Readonly<Record<string, readonly string[] | undefined>>;
}

export const stepValueKey = (stepId: string, fieldId: string): string => `${stepId}.${fieldId}`;
/** Where a repeat row's answer lives: `groupId.rowId.fieldId` (group: the form section or procedure step). */
export const rowValueKey = (groupId: string, rowId: string, fieldId: string): string => `${groupId}.${rowId}.${fieldId}`;
