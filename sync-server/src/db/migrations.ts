import type { Database } from 'better-sqlite3';
import { seedSampleContent } from '../seed/seed';

/**
 * Numbered migrations: entry i takes the database from `user_version` i to i + 1.
 * Append only; never edit one that has shipped. Every record table keeps the record
 * as JSON (exactly what the API returns) plus the columns queries need.
 */
export const migrations: readonly ((db: Database) => void)[] = [
  (db) => {
    db.exec(`
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        json TEXT NOT NULL
      );
      CREATE TABLE versions (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        json TEXT NOT NULL,
        UNIQUE (document_id, version)
      );
      CREATE TABLE instances (
        id TEXT PRIMARY KEY,
        user_id TEXT,
        session_id TEXT,
        source_document_id TEXT NOT NULL,
        status TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE INDEX instances_user ON instances (user_id);
      CREATE INDEX instances_session ON instances (session_id);
      CREATE TABLE activity (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        user_id TEXT,
        session_id TEXT,
        document_id TEXT NOT NULL,
        instance_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        json TEXT NOT NULL
      );
      CREATE INDEX activity_user ON activity (user_id, created_at);
      CREATE INDEX activity_document ON activity (document_id, created_at);
      CREATE TABLE share_links (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_by TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE INDEX share_links_document ON share_links (document_id);
      -- One row per record: a rewrite deletes and re-inserts it, so the record moves to a new,
      -- higher seq and the feed carries its latest value once. visibility 'workspace' = every
      -- member; 'owner' = owner_id only (plus admins, for activity).
      CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        visibility TEXT NOT NULL CHECK (visibility IN ('workspace', 'owner')),
        owner_id TEXT,
        UNIQUE (kind, record_id)
      );
      CREATE INDEX changes_owner ON changes (owner_id, seq);
    `);
  },
  (db) => seedSampleContent(db),
];
