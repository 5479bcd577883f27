import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, auditHash, canonicalJson, chainAuditEntry, verifyAuditChain } from './auditChain.ts';
import type { AuditEntry } from './model.ts';

const entry = (data: Record<string, unknown>) => ({
  at: 1_700_000_000_000,
  actor: 'u1',
  action: 'review.approve',
  target: 'revision:r1',
  data,
});

/** A log of `n` entries chained in the current format. */
function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) out.push(chainAuditEntry(out.at(-1) ?? null, entry({ i, pageId: 'p' })));
  return out;
}

const pager = (entries: AuditEntry[]) => (after: number, limit: number) =>
  Promise.resolve(entries.filter((e) => e.seq > after).slice(0, limit));

describe('canonical JSON', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('drops what JSON drops, as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: 'x' })).toBe('{"b":[null],"c":"x"}');
  });
});

describe('audit hash', () => {
  it('does not depend on the key order of the data (as jsonb would store it)', () => {
    const a = chainAuditEntry(null, entry({ pageId: 'p', contentHash: 'h', nested: { x: 1, y: 2 } }));
    const reordered = { ...a, data: { nested: { y: 2, x: 1 }, contentHash: 'h', pageId: 'p' } };
    expect(auditHash(reordered)).toBe(a.hash);
  });

  it('changes with every field and with the previous hash', () => {
    const [first] = chain(1) as [AuditEntry];
    const variants: Partial<AuditEntry>[] = [
      { seq: 2 },
      { at: first.at + 1 },
      { actor: 'u2' },
      { action: 'review.request_changes' },
      { target: 'revision:r2' },
      { data: { i: 1, pageId: 'p' } },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const v of variants) expect(auditHash({ ...first, ...v })).not.toBe(first.hash);
  });

  it('still verifies entries written in the legacy format', () => {
    const legacy = {
      ...entry({ pageId: 'p', seq: 3 }),
      seq: 1,
      prevHash: AUDIT_GENESIS,
      hashVersion: 1 as const,
    };
    const stored = createHash('sha256')
      .update(
        JSON.stringify([1, legacy.at, 'u1', 'review.approve', 'revision:r1', legacy.data, AUDIT_GENESIS]),
      )
      .digest('hex');
    expect(auditHash(legacy)).toBe(stored);
  });
});

describe('verifying the chain', () => {
  it('accepts an intact chain across pages', async () => {
    await expect(verifyAuditChain(pager(chain(7)), 3)).resolves.toEqual({ ok: true, checked: 7 });
  });

  it('names the first tampered entry: edited data, a removed entry, a rewritten link', async () => {
    const edited = chain(5);
    edited[2] = { ...edited[2]!, data: { i: 99, pageId: 'p' } };
    await expect(verifyAuditChain(pager(edited))).resolves.toEqual({ ok: false, checked: 2, firstBadSeq: 3 });

    const removed = chain(5).filter((e) => e.seq !== 2);
    await expect(verifyAuditChain(pager(removed))).resolves.toMatchObject({ ok: false, firstBadSeq: 3 });

    const relinked = chain(3);
    relinked[1] = { ...relinked[1]!, prevHash: AUDIT_GENESIS };
    relinked[1] = { ...relinked[1], hash: auditHash(relinked[1]) };
    await expect(verifyAuditChain(pager(relinked))).resolves.toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('accepts legacy entries followed by current ones, and rejects tampering with either', async () => {
    const legacyFirst: AuditEntry = (() => {
      const u = { ...entry({ b: 2, a: 1 }), seq: 1, prevHash: AUDIT_GENESIS, hashVersion: 1 as const };
      return { ...u, hash: auditHash(u) };
    })();
    const next = chainAuditEntry(legacyFirst, entry({ i: 1 }));
    await expect(verifyAuditChain(pager([legacyFirst, next]))).resolves.toEqual({ ok: true, checked: 2 });

    const tamperedLegacy = { ...legacyFirst, actor: 'someone else' };
    await expect(verifyAuditChain(pager([tamperedLegacy, next]))).resolves.toMatchObject({
      ok: false,
      firstBadSeq: 1,
    });
    const tamperedNext = { ...next, target: 'revision:other' };
    await expect(verifyAuditChain(pager([legacyFirst, tamperedNext]))).resolves.toMatchObject({
      ok: false,
      firstBadSeq: 2,
    });
  });

  it('refuses a legacy-format entry after a current one (no downgrade)', async () => {
    const [first] = chain(1) as [AuditEntry];
    const u = { ...entry({ i: 1 }), seq: 2, prevHash: first.hash, hashVersion: 1 as const };
    const downgraded = { ...u, hash: auditHash(u) };
    await expect(verifyAuditChain(pager([first, downgraded]))).resolves.toMatchObject({
      ok: false,
      firstBadSeq: 2,
    });
  });
});

describe('verifying against the stored head', () => {
  const headOf = (entries: AuditEntry[]) => () => {
    const last = entries.at(-1);
    return Promise.resolve(last ? { seq: last.seq, hash: last.hash } : null);
  };

  it('accepts a log that ends at its head, and one with no head recorded yet', async () => {
    const log = chain(5);
    await expect(verifyAuditChain(pager(log), { pageSize: 2, head: headOf(log) })).resolves.toEqual({
      ok: true,
      checked: 5,
    });
    await expect(verifyAuditChain(pager(log), { head: () => Promise.resolve(null) })).resolves.toEqual({
      ok: true,
      checked: 5,
    });
  });

  it('names the first missing seq when the tail was cut', async () => {
    const log = chain(5);
    const head = headOf(log);
    await expect(verifyAuditChain(pager(log.slice(0, 3)), { head })).resolves.toEqual({
      ok: false,
      checked: 3,
      firstBadSeq: 4,
    });
    await expect(verifyAuditChain(pager([]), { head })).resolves.toMatchObject({ firstBadSeq: 1 });
  });

  it('names the first entry past the head, and a last entry that is not the head', async () => {
    const log = chain(5);
    const short = headOf(log.slice(0, 3));
    await expect(verifyAuditChain(pager(log), { head: short })).resolves.toMatchObject({
      ok: false,
      firstBadSeq: 4,
    });
    const wrongHash = () => Promise.resolve({ seq: 5, hash: 'f'.repeat(64) });
    await expect(verifyAuditChain(pager(log), { head: wrongHash })).resolves.toMatchObject({
      ok: false,
      firstBadSeq: 5,
    });
  });

  it('walks on to entries appended while it read its last page', async () => {
    const log = chain(3);
    let heads = 0;
    // The walk sees 3 entries; a 4th is appended (with its head) before the head is read.
    const head = () => {
      if (++heads === 1) log.push(chainAuditEntry(log.at(-1) ?? null, entry({ i: 3 })));
      return headOf(log)();
    };
    await expect(verifyAuditChain(pager(log), { pageSize: 5, head })).resolves.toEqual({
      ok: true,
      checked: 4,
    });
  });

  it('pauses between pages', async () => {
    let pauses = 0;
    const pause = () => {
      pauses++;
      return Promise.resolve();
    };
    await verifyAuditChain(pager(chain(7)), { pageSize: 3, pause });
    expect(pauses).toBe(2);
  });
});
