/**
 * localStorage key of the cached identity; the app opens offline from it after one sign-in.
 * Its own module (no zod) so the first thing the page runs can look for it cheaply.
 */
export const SESSION_STORAGE_KEY = 'fieldbook.session';
