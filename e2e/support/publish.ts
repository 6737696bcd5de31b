import { randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';

/**
 * The signed-in admin publishes a document (version 1 of `definition`) through the relay's API,
 * as the editor would. Returns the document's id.
 */
export async function publishDocument(page: Page, title: string, contentType: 'procedure' | 'checklist' | 'form', definition: object): Promise<string> {
  const ids = { document: randomUUID(), version: randomUUID() };
  const status = await page.evaluate(
    async ({ ids, title, contentType, definition }) => {
      const session = JSON.parse(localStorage.getItem('fieldbook.session') ?? '{}') as { token?: string };
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${session.token ?? ''}` };
      const me = (await (await fetch('/api/me', { headers })).json()) as { user: { id: string } };
      const now = Date.now();
      const doc = { id: ids.document, title, contentType, currentVersionId: ids.version, createdBy: me.user.id, createdAt: now, updatedAt: now };
      const version = { id: ids.version, documentId: ids.document, version: 1, contentType, definition, publishedAt: now, publishedBy: me.user.id };
      const a = await fetch(`/api/documents/${ids.document}`, { method: 'PUT', headers, body: JSON.stringify(doc) });
      const b = await fetch(`/api/documents/${ids.document}/versions/${ids.version}`, { method: 'PUT', headers, body: JSON.stringify(version) });
      return [a.status, b.status, a.ok && b.ok ? '' : `${await a.text()} ${await b.text()}`];
    },
    { ids, title, contentType, definition },
  );
  expect(status).toEqual([200, 200, '']);
  return ids.document;
}
