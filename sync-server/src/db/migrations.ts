import type { Database } from 'better-sqlite3';
import { seedRoundTwo, seedSampleContent } from '../seed/seed';

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
  // Share links: the relay-owned state as columns (the JSON stays the record as served), one row
  // per distinct redeemer (a "use"), and the wider read scopes of records made through a link.
  (db) => {
    db.exec(`
      ALTER TABLE share_links ADD COLUMN audience TEXT NOT NULL DEFAULT 'internal';
      ALTER TABLE share_links ADD COLUMN expires_at INTEGER;
      ALTER TABLE share_links ADD COLUMN max_uses INTEGER;
      ALTER TABLE share_links ADD COLUMN use_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE share_links ADD COLUMN revoked_at INTEGER;
      -- principal: 'session:<id>' or 'user:<id>'; the key makes a second redemption free.
      CREATE TABLE share_redemptions (
        link_id TEXT NOT NULL,
        principal TEXT NOT NULL,
        redeemed_at INTEGER NOT NULL,
        PRIMARY KEY (link_id, principal)
      ) WITHOUT ROWID;
      ALTER TABLE instances ADD COLUMN share_link_id TEXT;
      -- session_id + link_id: the anonymous session (grant holder) that may read the record;
      -- admins = 1: admins may read it too (activity is always readable by admins).
      ALTER TABLE changes ADD COLUMN session_id TEXT;
      ALTER TABLE changes ADD COLUMN link_id TEXT;
      ALTER TABLE changes ADD COLUMN admins INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX changes_session ON changes (session_id, seq) WHERE session_id IS NOT NULL;
    `);
  },
  // Session binding: an anonymous session's redemptions carry SHA-256 of the device's session
  // secret (never the secret), so knowing a session id is not enough to redeem as that session.
  // NULL: redeemed before this migration (or by a member); the first secret presented binds it.
  (db) => {
    db.exec(`
      ALTER TABLE share_redemptions ADD COLUMN secret_hash TEXT;
      CREATE INDEX share_redemptions_bound ON share_redemptions (principal) WHERE secret_hash IS NOT NULL;
    `);
  },
  // Invites (sign-up after the first account) and a per-user token version (an admin signs a lost
  // tablet out by raising it: every token carrying an older version is refused).
  (db) => {
    db.exec(`
      CREATE TABLE invites (
        id TEXT PRIMARY KEY,
        -- SHA-256 (hex) of the code; the code itself exists only in the link.
        code_hash TEXT NOT NULL UNIQUE,
        email TEXT COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        used_by TEXT,
        revoked_at INTEGER
      );
      CREATE INDEX invites_created ON invites (created_at);
      ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
    `);
  },
  // Sample content, round two: version 2 of the pre-trip checklist (Pass / Fail / N/A) and a
  // form with logic and a repeat group, for existing workspaces too (seed.ts says which are skipped).
  (db) => seedRoundTwo(db),
  // Files (issue 11): one row per stored blob (bytes at DATA_DIR/blobs/<aa>/<sha256>), named by
  // its SHA-256; created_by is the principal that first stored it ('user:<id>' or
  // 'session:<id>', as in share_redemptions), charged to its quota. blob_refs: which instances
  // reference which blobs (read access follows the instance; device-side clean-up by run).
  (db) => {
    db.exec(`
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        mime TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0),
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX blobs_created_by ON blobs (created_by);
      CREATE TABLE blob_refs (
        instance_id TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        PRIMARY KEY (instance_id, sha256)
      ) WITHOUT ROWID;
      CREATE INDEX blob_refs_sha256 ON blob_refs (sha256);
    `);
  },
];
