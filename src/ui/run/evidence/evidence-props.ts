import type { EvidenceKind, Field, LogicState } from '../../../domain';
import type { EvidenceEntry } from '../../../completion';
import type { OpenRun } from '../use-run';

export interface EvidenceProps {
  readonly run: OpenRun;
  readonly field: Field & { readonly kind: EvidenceKind };
  readonly valueKey: string;
  readonly readOnly: boolean;
  readonly forceErrors: boolean;
  readonly userId: string;
  readonly logic?: LogicState | undefined;
}

/** What each kind's control gets: the live entries, and how to add and remove them. */
export interface EvidenceControlProps extends EvidenceProps {
  readonly live: readonly EvidenceEntry[];
  /** Ids of the field's control elements for `aria-describedby`. */
  readonly describedBy: string;
  readonly labelId: string;
}

/** The tracker key of one evidence change: per entry, so two photos saved at once are both kept. */
export const evidenceSaveKey = (valueKey: string, entry: string): string => `v:${valueKey}#${entry}`;
