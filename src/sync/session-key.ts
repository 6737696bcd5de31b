/**
 * localStorage key of the cached identity; the app opens offline from it after one sign-in.
 * Defined with every stored name in src/protocol/storage-names.ts (no zod there either), so the
 * first thing the page runs can look for it cheaply.
 */
