/**
 * Schema migrations, applied in order inside one transaction each; `user_version` records progress.
 * Append new migrations; never edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('student', 'faculty', 'learner', 'admin')),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,               -- hash of the cookie secret, never the secret
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_user ON sessions(user_id);

  CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE pages (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;

  -- Append-only, attributed log of every client update. Compaction folds the bytes into
  -- doc_snapshots and sets data to NULL; the attribution row (who, when, how much) stays.
  CREATE TABLE doc_updates (
    -- A plain rowid (no AUTOINCREMENT, which costs an extra page write per insert): rows are never
    -- deleted, so seqs are never reused.
    seq INTEGER PRIMARY KEY,
    page_id TEXT NOT NULL REFERENCES pages(id),
    user_id TEXT,
    size INTEGER NOT NULL,
    data BLOB,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX doc_updates_page_seq ON doc_updates(page_id, seq);

  CREATE TABLE doc_snapshots (
    page_id TEXT PRIMARY KEY REFERENCES pages(id),
    state BLOB NOT NULL,
    up_to_seq INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  `,
  `
  CREATE TABLE collections (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    required_approvals INTEGER NOT NULL DEFAULT 1 CHECK (required_approvals >= 1),
    review_valid_days INTEGER NOT NULL DEFAULT 365 CHECK (review_valid_days >= 1),
    reviewer_ids TEXT NOT NULL DEFAULT '[]',  -- JSON array of user ids
    created_at INTEGER NOT NULL
  ) STRICT;

  ALTER TABLE pages ADD COLUMN collection_id TEXT REFERENCES collections(id);
  ALTER TABLE pages ADD COLUMN published_revision_id TEXT;
  ALTER TABLE pages ADD COLUMN published_at INTEGER;

  CREATE TABLE revisions (
    id TEXT PRIMARY KEY,
    page_id TEXT NOT NULL REFERENCES pages(id),
    seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    message TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    doc TEXT NOT NULL,          -- ProseMirror JSON
    text TEXT NOT NULL,
    blocks TEXT NOT NULL,       -- JSON [{id, type, text, hash}]
    authors TEXT NOT NULL,      -- JSON [userId]
    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'changes_requested', 'superseded')),
    yjs_state BLOB NOT NULL,
    up_to_update_seq INTEGER NOT NULL,
    UNIQUE (page_id, seq)
  ) STRICT;
  CREATE INDEX revisions_state ON revisions(state, created_at);

  -- Append-only: a review is never updated or deleted.
  CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    revision_id TEXT NOT NULL REFERENCES revisions(id),
    reviewer_id TEXT NOT NULL REFERENCES users(id),
    decision TEXT NOT NULL CHECK (decision IN ('approve', 'request_changes')),
    comment TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (revision_id, reviewer_id)
  ) STRICT;

  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT;
  `,
  `
  CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    page_id TEXT NOT NULL REFERENCES pages(id),
    anchor_start TEXT NOT NULL,
    anchor_end TEXT NOT NULL,
    quote TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    resolved_by TEXT REFERENCES users(id),
    resolved_at INTEGER
  ) STRICT;
  CREATE INDEX threads_page ON threads(page_id, created_at);

  CREATE TABLE thread_comments (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX thread_comments_thread ON thread_comments(thread_id, created_at);
  `,
  `
  CREATE TABLE page_references (
    id TEXT PRIMARY KEY,
    page_id TEXT NOT NULL REFERENCES pages(id),
    csl TEXT NOT NULL,
    doi TEXT,
    pmid TEXT,
    evidence_level TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX page_references_page ON page_references(page_id, created_at);
  CREATE UNIQUE INDEX page_references_doi ON page_references(page_id, doi) WHERE doi IS NOT NULL;
  CREATE UNIQUE INDEX page_references_pmid ON page_references(page_id, pmid) WHERE pmid IS NOT NULL;
  `,
  `
  -- The snapshot before the current one stays, with the log since it, so a snapshot that does
  -- not load can be recovered from (see SqliteDocumentStore.loadPreviousDocument).
  ALTER TABLE doc_snapshots ADD COLUMN previous_state BLOB;
  ALTER TABLE doc_snapshots ADD COLUMN previous_up_to_seq INTEGER;
  -- Folded updates are coalesced: one attribution row stands for a run of updates by one user on
  -- one day (between revisions), keeping their count and total size for metrics.
  ALTER TABLE doc_updates ADD COLUMN updates INTEGER NOT NULL DEFAULT 1;
  `,
  `
  -- Audit hashes are computed in the domain over canonical JSON (format 2); entries written before
  -- keep the format they were hashed in (1) and still verify.
  ALTER TABLE audit_log ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
  `,
  `
  -- Restore provenance: whose content a restore wrote back into the draft (authorship follows
  -- content, so four-eyes holds through restore).
  CREATE TABLE revision_restores (
    id INTEGER PRIMARY KEY,
    page_id TEXT NOT NULL REFERENCES pages(id),
    revision_id TEXT NOT NULL REFERENCES revisions(id),
    restored_by TEXT NOT NULL REFERENCES users(id),
    restored_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX revision_restores_page ON revision_restores(page_id, restored_at);
  `,
  `
  -- A page has at most one pending revision, its newest: older ones are superseded.
  UPDATE revisions SET state = 'superseded'
  WHERE state = 'pending'
    AND EXISTS (
      SELECT 1 FROM revisions AS newer
      WHERE newer.page_id = revisions.page_id AND newer.state = 'pending' AND newer.seq > revisions.seq
    );
  `,
  `
  -- One-time password reset links, by the hash of their secret. A used link stays (used_at set) so
  -- opening it again can say "already used"; issuing a new link deletes the user's unused ones.
  CREATE TABLE password_reset_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  ) STRICT;
  CREATE INDEX password_reset_tokens_user ON password_reset_tokens(user_id);
  `,
  `
  -- The references each revision cites, copied at submission: the published page renders this
  -- snapshot, so editing or deleting a reference in the draft's library never changes it.
  CREATE TABLE revision_references (
    revision_id TEXT NOT NULL REFERENCES revisions(id),
    ref_id TEXT NOT NULL,
    position INTEGER NOT NULL,    -- its number in the revision (order of first citation)
    csl TEXT NOT NULL,
    evidence_level TEXT,
    PRIMARY KEY (revision_id, ref_id)
  ) STRICT;
  CREATE INDEX revision_references_ref ON revision_references(ref_id);
  -- Revisions stored before: the references their document cites, as the library has them now.
  INSERT INTO revision_references (revision_id, ref_id, position, csl, evidence_level)
    SELECT c.revision_id, c.ref_id, ROW_NUMBER() OVER (PARTITION BY c.revision_id ORDER BY c.first),
           pr.csl, pr.evidence_level
    FROM (
      SELECT r.id AS revision_id, r.page_id AS page_id, j.value AS ref_id, MIN(j.id) AS first
      FROM revisions r, json_tree(r.doc) j
      WHERE j.type = 'text' AND j.path LIKE '%.refIds'
      GROUP BY r.id, j.value
    ) c
    JOIN page_references pr ON pr.id = c.ref_id AND pr.page_id = c.page_id;
  `,
  `
  -- Page life cycle: archiving, renaming (every slug a page had keeps resolving to it) and a
  -- description for collections.
  ALTER TABLE pages ADD COLUMN archived_at INTEGER;
  CREATE TABLE page_slug_history (
    slug TEXT PRIMARY KEY,
    page_id TEXT NOT NULL REFERENCES pages(id),
    retired_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX page_slug_history_page ON page_slug_history(page_id);
  ALTER TABLE collections ADD COLUMN description TEXT NOT NULL DEFAULT '';
  `,
  `
  -- Each revision snapshots the page title at submission: learners read the published
  -- revision's title, so a rename reaches them only through review. Revisions stored before
  -- take the page's current title.
  ALTER TABLE revisions ADD COLUMN title TEXT NOT NULL DEFAULT '';
  UPDATE revisions SET title = (SELECT p.title FROM pages p WHERE p.id = revisions.page_id);
  `,
  `
  -- The slug learners use: the page's slug when its current published revision was approved, if
  -- the page then had that revision's title (else the one before, or the page id), so a rename
  -- reaches them only through review. Former slugs remember whether they were ever published:
  -- only those keep resolving for learners. Published pages stored before take their current
  -- slug when their title is the published one; earlier former slugs count as draft-only.
  ALTER TABLE pages ADD COLUMN published_slug TEXT;
  UPDATE pages SET published_slug = CASE
      WHEN title = (SELECT r.title FROM revisions r WHERE r.id = pages.published_revision_id) THEN slug
      ELSE id END
    WHERE published_revision_id IS NOT NULL;
  ALTER TABLE page_slug_history ADD COLUMN was_published INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- The review queue reads no revision bodies. A revision row holds its body (doc, text, blocks,
  -- Yjs state: megabytes) before authors, state and title, so reading those walks the body's
  -- overflow pages: covering indexes answer summary reads without touching the row.
  CREATE INDEX revisions_summaries ON revisions(
    page_id, seq, state, id, created_at, created_by, message, title, content_hash, authors, up_to_update_seq
  );
  CREATE INDEX revisions_heads ON revisions(id, page_id, seq, state, content_hash, title);
  -- What the queue shows of a revision (its block changes and uncited claims, bounded), stored
  -- at submission. Revisions stored before get theirs computed once, when the queue first shows them.
  CREATE TABLE revision_digests (
    revision_id TEXT PRIMARY KEY REFERENCES revisions(id),
    digest TEXT NOT NULL        -- JSON RevisionDigest
  ) STRICT;
  `,
  `
  -- Images of pages (bytes in the blob store, DATA_DIR/images by default), with the uploader's
  -- attestation; and which images each revision shows, written in the revision's own insert, so a
  -- learner's fetch is one indexed lookup against the published revision.
  CREATE TABLE images (
    id TEXT PRIMARY KEY,
    page_id TEXT NOT NULL REFERENCES pages(id),
    blob_key TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    byte_size INTEGER NOT NULL,
    consent TEXT NOT NULL,
    licence TEXT NOT NULL,
    attribution TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX images_page ON images(page_id);
  CREATE TABLE revision_images (
    revision_id TEXT NOT NULL REFERENCES revisions(id),
    image_id TEXT NOT NULL,
    PRIMARY KEY (revision_id, image_id)
  ) STRICT, WITHOUT ROWID;
  `,
  `
  -- Professionalism: every version of the guidelines (version 1, the default, is written at first
  -- start), who acknowledged which, reports of comments and passages, and hidden comments.
  CREATE TABLE guidelines (
    version INTEGER PRIMARY KEY,
    markdown TEXT NOT NULL,
    enforce INTEGER NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE guideline_acknowledgements (
    user_id TEXT NOT NULL REFERENCES users(id),
    version INTEGER NOT NULL REFERENCES guidelines(version),
    at INTEGER NOT NULL,
    PRIMARY KEY (user_id, version)
  ) STRICT;
  CREATE INDEX guideline_acknowledgements_version ON guideline_acknowledgements(version, user_id);
  CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    target_type TEXT NOT NULL CHECK (target_type IN ('comment', 'page')),
    page_id TEXT NOT NULL REFERENCES pages(id),
    comment_id TEXT REFERENCES thread_comments(id),
    block_id TEXT,
    quote TEXT,
    reason TEXT NOT NULL CHECK (reason IN ('patient_information', 'unprofessional', 'copyright', 'inaccurate')),
    note TEXT NOT NULL,
    reporter_id TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
    action TEXT CHECK (action IN ('hide', 'dismiss', 'resolved')),
    resolution_reason TEXT,
    resolved_by TEXT REFERENCES users(id),
    resolved_at INTEGER
  ) STRICT;
  CREATE INDEX reports_state ON reports(state, created_at);
  CREATE INDEX reports_reporter ON reports(reporter_id, created_at);
  ALTER TABLE thread_comments ADD COLUMN hidden_at INTEGER;
  ALTER TABLE thread_comments ADD COLUMN hidden_by TEXT REFERENCES users(id);
  ALTER TABLE thread_comments ADD COLUMN hidden_reason TEXT;
  `,
  `
  -- The audit screen filters by action, actor and target, newest first: an exact value walks its
  -- index in seq order (seq is the rowid, so each index is ordered by seq within a value) and
  -- stops after one page. Prefixes and times walk the log itself in seq order (SqliteAuditLog).
  CREATE INDEX audit_log_action ON audit_log(action);
  CREATE INDEX audit_log_actor ON audit_log(actor);
  CREATE INDEX audit_log_target ON audit_log(target);
  -- The head of the chain, written in the transaction of each append: a cut tail (the newest
  -- entries deleted) no longer matches it. One row; logs from before start from their last entry.
  CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
  ) STRICT;
  INSERT INTO audit_head (id, seq, hash)
    SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;
  `,
  `
  -- Purge: an admin removed text from a page's whole history. The revisions whose content was
  -- rewritten keep their row, metadata, reviews and sign-offs; this marks them (a table of its own,
  -- so the revision summaries' covering index still answers the revisions list).
  CREATE TABLE revision_purges (
    revision_id TEXT PRIMARY KEY REFERENCES revisions(id),
    purged_at INTEGER NOT NULL
  ) STRICT;
  -- The Yjs client ids of every document a purge replaced: a client still holding one of those
  -- documents is refused, so it cannot bring the purged content back.
  CREATE TABLE purged_clients (
    page_id TEXT NOT NULL REFERENCES pages(id),
    client_id INTEGER NOT NULL,
    PRIMARY KEY (page_id, client_id)
  ) STRICT, WITHOUT ROWID;
  `,
  `
  -- Images: one person's uploads of the last 24 hours, summed for their storage budget.
  CREATE INDEX images_uploader ON images(uploaded_by, created_at);
  `,
];
