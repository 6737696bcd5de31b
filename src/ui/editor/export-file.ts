import type { ContentDocument, DocumentVersion } from '../../domain';
import { toDocumentFile } from '../../domain/authoring';

/** `incident-report.fieldbook.json`: the title in lowercase words joined by dashes. */
export function exportFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'document'}.fieldbook.json`;
}

/** Download the document at `version` as a JSON file (a Blob URL; nothing leaves the device). */
export function downloadDocumentFile(document: ContentDocument, version: DocumentVersion): void {
  const blob = new Blob([`${JSON.stringify(toDocumentFile(document, version), null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = window.document.createElement('a');
  link.href = url;
  link.download = exportFileName(document.title);
  link.hidden = true;
  window.document.body.append(link);
  link.click();
  link.remove();
  // Let the download start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
