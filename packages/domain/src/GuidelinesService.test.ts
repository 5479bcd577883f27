import { describe, expect, it } from 'vitest';
import { GuidelineEvents } from './guidelineEvents.ts';
import { GuidelinesService } from './GuidelinesService.ts';
import type { User } from './model.ts';
import type { AcknowledgeOutcome, GuidelineVersion, GuidelinesRepository } from './professionalismPorts.ts';

/** An in-memory repository that counts its reads. */
class CountingRepo implements GuidelinesRepository {
  versions: GuidelineVersion[] = [];
  acks = new Map<string, number[]>();
  reads = 0;

  currentGuidelines() {
    this.reads++;
    return Promise.resolve(this.versions.at(-1) ?? null);
  }
  publishGuidelines(next: GuidelineVersion) {
    if (next.version !== this.versions.length + 1) return Promise.resolve(false);
    this.versions.push(next);
    return Promise.resolve(true);
  }
  acknowledgedVersion(userId: string) {
    this.reads++;
    const list = this.acks.get(userId) ?? [];
    return Promise.resolve(list.length ? Math.max(...list) : null);
  }
  acknowledge(userId: string, version: number): Promise<AcknowledgeOutcome> {
    if (version !== this.versions.length) return Promise.resolve('stale');
    const list = this.acks.get(userId) ?? [];
    if (list.includes(version)) return Promise.resolve('already');
    this.acks.set(userId, [...list, version]);
    return Promise.resolve('acknowledged');
  }
  whoAcknowledged(userIds: readonly string[], version: number) {
    this.reads++;
    return Promise.resolve(new Set(userIds.filter((id) => this.acks.get(id)?.includes(version))));
  }
}

const user = (id: string, role: User['role'] = 'student'): User => ({
  id,
  email: `${id}@example.org`,
  name: id,
  role,
  passwordHash: 'x',
  disabled: false,
  createdAt: 0,
});

const setup = () => {
  const repo = new CountingRepo();
  const events = new GuidelineEvents();
  const seen: number[] = [];
  events.subscribe((e) => seen.push(e.version));
  const service = new GuidelinesService(repo, (md) => `<p>${md.length}</p>`, { now: () => 1 }, events);
  return { repo, service, seen };
};

describe('GuidelinesService', () => {
  it('creates the default version 1 once and then answers from memory', async () => {
    const { repo, service } = setup();
    expect((await service.get()).version).toBe(1);
    const reads = repo.reads;
    for (let i = 0; i < 50; i++) await service.mayWrite('s1');
    expect(repo.reads).toBe(reads); // not enforced: no read per request
  });

  it('when enforced, reads an acknowledgement once per person and version, never a refusal from cache', async () => {
    const { repo, service, seen } = setup();
    await service.update(user('admin', 'admin'), { markdown: '# v2', enforce: true });
    expect(seen).toEqual([2]);
    expect(await service.mayWrite('s1')).toBe(false);
    expect(await service.mayWrite('s1')).toBe(false);
    await service.acknowledge(user('s1'), 2);
    const reads = repo.reads;
    for (let i = 0; i < 50; i++) expect(await service.mayWrite('s1')).toBe(true);
    expect(repo.reads).toBe(reads);
    // The publisher's own acknowledgement is recorded.
    expect(await service.mayWrite('admin')).toBe(true);
    await service.update(user('admin', 'admin'), { markdown: '# v3', enforce: true });
    expect(await service.mayWrite('s1')).toBe(false);
    expect([...(await service.refused(['s1', 'admin']))]).toEqual(['s1']);
  });

  it('refuses a stale acknowledgement and non-admin publishing', async () => {
    const { service } = setup();
    await expect(service.acknowledge(user('s1'), 7)).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      service.update(user('f', 'faculty'), { markdown: 'x', enforce: false }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      service.update(user('a', 'admin'), { markdown: 'x'.repeat(20_001), enforce: false }),
    ).rejects.toMatchObject({ code: 'too_large' });
  });

  it('learns within seconds of a version another instance published, and announces it', async () => {
    const repo = new CountingRepo();
    let now = 1_000;
    const clock = { now: () => now };
    const events = new GuidelineEvents();
    const announced: number[] = [];
    events.subscribe((e) => announced.push(e.version));
    const a = new GuidelinesService(repo, (md) => md, clock, new GuidelineEvents());
    const b = new GuidelinesService(repo, (md) => md, clock, events);
    expect((await b.get()).version).toBe(1);
    await a.update(user('admin', 'admin'), { markdown: '# v2', enforce: true });
    expect((await b.get()).version).toBe(1); // cached, no read
    now += 5_000;
    expect((await b.get()).version).toBe(1); // answered at once; the check runs behind it
    await new Promise((r) => setTimeout(r, 0));
    expect(await b.get()).toMatchObject({ version: 2, enforce: true });
    expect(announced).toEqual([2]);
    expect(await b.mayWrite('s1')).toBe(false);
  });
});
