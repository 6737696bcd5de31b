import type { ContentType, FieldKind } from '../../domain';

/** Fresh ids for new parts: short, and valid completion keys (letters and digits only). */
export const newPartId = (): string => `p${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;

export const FIELD_KIND_LABEL: Record<FieldKind, string> = {
  text: 'Text',
  textarea: 'Long text',
  number: 'Number',
  date: 'Date',
  select: 'Choose one',
  multiselect: 'Choose any',
  checkbox: 'Tick box',
  photo: 'Photo',
  file: 'File',
  signature: 'Signature',
  location: 'Location',
};

/** What min/max mean for the kinds that use them. */
export const MIN_MAX_LABEL: Partial<Record<FieldKind, readonly [string, string]>> = {
  text: ['Minimum length', 'Maximum length'],
  textarea: ['Minimum length', 'Maximum length'],
  number: ['Minimum value', 'Maximum value'],
  multiselect: ['Choose at least', 'Choose at most'],
  photo: ['At least this many photos', 'At most this many photos'],
  file: ['At least this many files', 'At most this many files'],
};

export const NEW_LABEL: Record<ContentType, string> = {
  procedure: 'New procedure',
  checklist: 'New checklist',
  form: 'New form',
};
