import {
  chainAnchor,
  chainAuditEntry,
  type AuditEntry,
  type AuditHead,
  type AuditLog,
  type AuditMatch,
  type AuditQuery,
  type AuditSearchResult,
  type NewAuditEntry,
} from '@rounds/domain';
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './openDatabase.ts';

interface AuditRow {
  seq: number;
  at: number;
  actor: string | null;
  action: string;
  target: string;
  data: string;
  prev_hash: string;
  hash: string;
  hash_version: number;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  target: r.target,
  data: JSON.parse(r.data) as Record<string, unknown>,
  prevHash: r.prev_hash,
  hash: r.hash,
  // Passed on as stored: an unknown (tampered) version fails the domain's verification.
  hashVersion: r.hash_version as AuditEntry['hashVersion'],
});

/**
 * The values just past every string starting with `prefix` (BINARY collation compares UTF-8
 * bytes, which for these ASCII names is code-unit order): `[prefix, upper)` is the prefix range,
 * so the prefix is found through the index and `%`/`_` in it mean nothing.
 */
function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** The most entries one filtered search walks (about 5 ms of SQLite; a page's loop time bound). */
const SCAN_WINDOW = 20_000;

type Params = Record<string, string | number>;
type SearchRow = AuditRow & { actor_name: string | null };
type SearchStatement = Database.Statement<[Params], SearchRow>;

function matchClause(column: string, match: AuditMatch | undefined, params: Params): string | null {
  if (!match) return null;
  if ('exact' in match) {
    params[column] = match.exact;
    return `a.${column} = @${column}`;
  }
  if (match.prefix === '') return null;
  params[`${column}Lo`] = match.prefix;
  params[`${column}Hi`] = prefixUpperBound(match.prefix);
  // `+` keeps the planner off the index: a range on it would be sorted by seq whole (60 ms for
  // 25k matches of 100k), where walking seq order stops after `limit` matches.
  return `+a.${column} >= @${column}Lo AND +a.${column} < @${column}Hi`;
}

/** The hash chain (format and verification) is the domain's; this adapter only stores it. */
export class SqliteAuditLog implements AuditLog {
  private readonly stmts;
  private readonly appendTx;
  /** Search statements by their SQL: at most one per combination of filters. */
  private readonly searches = new Map<string, SearchStatement>();

  constructor(private readonly db: SqliteDatabase) {
    this.stmts = {
      last: db.prepare<[], { seq: number; hash: string }>(
        'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
      ),
      insert: db.prepare(
        `INSERT INTO audit_log (seq, at, actor, action, target, data, prev_hash, hash, hash_version)
         VALUES (@seq, @at, @actor, @action, @target, @data, @prevHash, @hash, @hashVersion)`,
      ),
      setHead: db.prepare<[number, string]>(
        `INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
      ),
      head: db.prepare<[], AuditHead>('SELECT seq, hash FROM audit_head WHERE id = 1'),
      page: db.prepare<[number, number], AuditRow>(
        'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
    };
    this.appendTx = db.transaction((entry: NewAuditEntry): AuditEntry => {
      const anchor = chainAnchor(this.stmts.last.get() ?? null, this.stmts.head.get() ?? null);
      const full = chainAuditEntry(anchor, entry);
      this.stmts.insert.run({ ...full, data: JSON.stringify(full.data) });
      this.stmts.setHead.run(full.seq, full.hash);
      return full;
    });
  }

  append(entry: NewAuditEntry): Promise<AuditEntry> {
    return Promise.resolve(this.appendTx.immediate(entry));
  }

  /**
   * Appends inside the caller's transaction (a savepoint of it), for units of work that write an
   * audit entry together with the change it records.
   */
  appendWithin(entry: NewAuditEntry): AuditEntry {
    return this.appendTx(entry);
  }

  list(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return Promise.resolve(this.stmts.page.all(afterSeq, limit).map(toEntry));
  }

  head(): Promise<AuditHead | null> {
    return Promise.resolve(this.stmts.head.get() ?? null);
  }

  /**
   * One page of matches and where to continue. Prefix and time filters are checked by walking the
   * log in seq order, so one request examines at most {@link SCAN_WINDOW} entries: when they hold
   * fewer matches than a page, `next` still points past them (the caller pages on).
   */
  search(q: AuditQuery): Promise<AuditSearchResult> {
    const params: Params = { limit: q.limit };
    const where = [matchClause('action', q.action, params), matchClause('target', q.target, params)];
    const bound = (clause: string, name: string, value: number | undefined): void => {
      if (value === undefined) return;
      params[name] = value;
      where.push(clause);
    };
    if (q.actor !== undefined) {
      params.actor = q.actor;
      where.push('a.actor = @actor');
    }
    const scans =
      'prefix' in (q.action ?? {}) ||
      'prefix' in (q.target ?? {}) ||
      q.from !== undefined ||
      q.to !== undefined;
    // Times walk seq order too (entries are appended in time order, near enough).
    bound('+a.at >= @from', 'from', q.from);
    bound('+a.at <= @to', 'to', q.to);
    bound('a.seq > @afterSeq', 'afterSeq', q.afterSeq);
    bound('a.seq < @beforeSeq', 'beforeSeq', q.beforeSeq);
    const desc = q.order === 'desc';
    const floor = q.afterSeq ?? 0;
    let window: number | null = null;
    if (scans && desc) {
      const ceiling = q.beforeSeq ?? (this.stmts.last.get()?.seq ?? 0) + 1;
      window = ceiling - SCAN_WINDOW;
      if (window > floor + 1) bound('a.seq >= @window', 'window', window);
      else window = null;
    } else if (scans) {
      window = floor + SCAN_WINDOW;
      if (window < (q.beforeSeq ?? (this.stmts.last.get()?.seq ?? 0) + 1) - 1) {
        bound('a.seq <= @window', 'window', window);
      } else window = null;
    }
    const clauses = where.filter((c): c is string => c !== null);
    const sql = `SELECT a.*, u.name AS actor_name FROM audit_log a LEFT JOIN users u ON u.id = a.actor
      ${clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : ''}
      ORDER BY a.seq ${desc ? 'DESC' : 'ASC'} LIMIT @limit`;
    let stmt = this.searches.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<[Params], SearchRow>(sql);
      this.searches.set(sql, stmt);
    }
    const entries = stmt.all(params).map((r) => ({ ...toEntry(r), actorName: r.actor_name }));
    const next = entries.length === q.limit ? (entries.at(-1)?.seq ?? null) : window;
    return Promise.resolve({ entries, next });
  }
}
