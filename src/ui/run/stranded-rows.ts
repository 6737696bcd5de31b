import { valueSlot } from '../../completion';
import type { InstanceDoc } from '../../completion';
import { rowValueKey } from '../../domain';
import type { Field } from '../../domain';

/**
 * Deleted rows of a group that hold answers written after the deletion: another device went
 * on writing in a row this one deleted (neither had seen the other). Their answers are kept in
 * the doc (soft deletion), and the runner offers them back, so nothing is stranded.
 */
export function strandedRows(model: Pick<InstanceDoc, 'rows' | 'lastWrite'>, group: string, fields: readonly Field[]): string[] {
  return model
    .rows(group)
    .filter((row) => row.deleted && fields.some((f) => (model.lastWrite(valueSlot(rowValueKey(group, row.id, f.id)))?.at ?? -1) > (row.deletedAt ?? Infinity)))
    .map((row) => row.id);
}
