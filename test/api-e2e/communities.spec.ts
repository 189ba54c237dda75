import { bearer, createTestApp, signUp, type TestApp } from '../support/test-app';

type Account = Awaited<ReturnType<typeof signUp>>;

describe('communities, memberships and roles', () => {
  let t: TestApp;
  let owner: Account;
  let slug: string;
  let seq = 0;

  const newSlug = () => `c-${Date.now().toString(36)}-${(seq += 1)}`;
  const create = async (who: Account, s = newSlug(), name = '絆ファン') => {
    await t.http().post('/api/v1/communities').set(bearer(who.token)).send({ slug: s, name }).expect(201);
    return s;
  };
  const join = (who: Account, s = slug) => t.http().post(`/api/v1/communities/${s}/join`).set(bearer(who.token));
  const setRole = (who: Account, target: string, role: unknown, s = slug) =>
    t.http().put(`/api/v1/communities/${s}/members/${target}/role`).set(bearer(who.token)).send({ role });
  const member = async (role?: string) => {
    const account = await signUp(t);
    await join(account).expect(201);
    if (role) await setRole(owner, account.id, role).expect(200);
    return account;
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t, 'オーナー');
    slug = await create(owner);
  });
  afterAll(() => t.close());

  describe('POST /communities', () => {
    it('creates the community with the creator as owner', async () => {
      const s = newSlug();
      const res = await t
        .http()
        .post('/api/v1/communities')
        .set(bearer(owner.token))
        .send({ slug: s, name: '  ライブ好き  ', description: '語ろう' })
        .expect(201);
      expect(res.body).toMatchObject({ slug: s, name: 'ライブ好き', description: '語ろう', timeZone: 'Asia/Tokyo', memberCount: 1, viewer: { role: 'owner' } });
      const mine = await t.http().get('/api/v1/me/communities').set(bearer(owner.token)).expect(200);
      expect(mine.body).toEqual(expect.arrayContaining([expect.objectContaining({ slug: s, role: 'owner' })]));
    });

    it('401 without a token', async () => {
      await t.http().post('/api/v1/communities').send({ slug: newSlug(), name: 'x' }).expect(401);
    });

    it('409 for a slug already taken, naming the slug', async () => {
      const res = await t.http().post('/api/v1/communities').set(bearer(owner.token)).send({ slug, name: 'again' }).expect(409);
      expect(res.body).toMatchObject({ code: 'SLUG_TAKEN', fields: { slug: expect.any(Array) } });
    });

    it.each([
      ['uppercase', { slug: 'Kizuna', name: 'x' }, 'slug'],
      ['underscore', { slug: 'kizuna_fans', name: 'x' }, 'slug'],
      ['too short', { slug: 'ab', name: 'x' }, 'slug'],
      ['leading hyphen', { slug: '-kizuna', name: 'x' }, 'slug'],
      ['japanese', { slug: 'きずな', name: 'x' }, 'slug'],
      ['missing slug', { name: 'x' }, 'slug'],
      ['empty name', { slug: 'valid-slug', name: '' }, 'name'],
      ['name too long', { slug: 'valid-slug', name: 'あ'.repeat(81) }, 'name'],
      ['bad time zone', { slug: 'valid-slug', name: 'x', timeZone: 'Mars/Olympus' }, 'timeZone'],
      ['extra field', { slug: 'valid-slug', name: 'x', ownerId: 'me' }, 'ownerId'],
    ])('400 for %s, naming the field', async (_name, body, field) => {
      const res = await t.http().post('/api/v1/communities').set(bearer(owner.token)).send(body).expect(400);
      expect(res.body.fields).toHaveProperty(field);
      expect(res.body.message).toContain(field);
    });
  });

  describe('GET /communities and /communities/:slug', () => {
    it('shows public information to anyone, and my role when signed in', async () => {
      const anonymous = await t.http().get(`/api/v1/communities/${slug}`).expect(200);
      expect(anonymous.body).toMatchObject({ slug, name: '絆ファン', viewer: { role: null } });
      const mine = await t.http().get(`/api/v1/communities/${slug}`).set(bearer(owner.token)).expect(200);
      expect(mine.body.viewer.role).toBe('owner');
    });

    it('404 for an unknown slug; 401 for an invalid token', async () => {
      const res = await t.http().get('/api/v1/communities/no-such-community').expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND' });
      await t.http().get(`/api/v1/communities/${slug}`).set(bearer('garbage')).expect(401);
    });

    it('lists communities a page at a time without duplicates or gaps', async () => {
      const slugs = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t.http().get('/api/v1/communities').query({ limit: 1, ...(cursor ? { cursor } : {}) }).expect(200);
        for (const c of res.body.items) {
          expect(slugs.has(c.slug)).toBe(false);
          slugs.add(c.slug);
        }
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      const [{ count }] = await t.db.dataSource.query('SELECT count(*)::int AS count FROM communities');
      expect(slugs.size).toBe(count);
      await t.http().get('/api/v1/communities').query({ limit: 0 }).expect(400);
      await t.http().get('/api/v1/communities').query({ limit: 1000 }).expect(400);
    });
  });

  describe('POST /communities/:slug/join', () => {
    it('makes the caller a member once (201, then 200 with the same membership)', async () => {
      const fan = await signUp(t);
      const first = await join(fan).expect(201);
      expect(first.body).toMatchObject({ slug, userId: fan.id, role: 'member' });
      const again = await join(fan).expect(200);
      expect(again.body.joinedAt).toBe(first.body.joinedAt);
      const [{ count }] = await t.db.dataSource.query(
        `SELECT count(*)::int AS count FROM activity WHERE type = 'member.joined' AND actor_id = $1`,
        [fan.id],
      );
      expect(count).toBe(1);
    });

    it('401 without a token, 404 for an unknown community', async () => {
      await t.http().post(`/api/v1/communities/${slug}/join`).expect(401);
      const fan = await signUp(t);
      await join(fan, 'no-such-community').expect(404);
    });
  });

  describe('PUT /communities/:slug/members/:userId/role', () => {
    it('lets the owner change roles and records who changed what', async () => {
      const fan = await member();
      const res = await setRole(owner, fan.id, 'moderator').expect(200);
      expect(res.body).toMatchObject({ userId: fan.id, role: 'moderator' });
      const [activity] = await t.db.dataSource.query(
        `SELECT actor_id, data FROM activity WHERE type = 'member.role_changed' AND subject_id = $1 ORDER BY id DESC LIMIT 1`,
        [fan.id],
      );
      expect(activity).toEqual({ actor_id: owner.id, data: { from: 'member', to: 'moderator' } });
      const profile = await t.http().get(`/api/v1/communities/${slug}/members/${fan.id}`).expect(200);
      expect(profile.body.role).toBe('moderator');
    });

    it('lets a manager manage members, moderators and analysts, but not managers or owners (403)', async () => {
      const manager = await member('manager');
      const fan = await member();
      await setRole(manager, fan.id, 'analyst').expect(200);
      await setRole(manager, fan.id, 'moderator').expect(200);
      await setRole(manager, fan.id, 'manager').expect(403);
      await setRole(manager, fan.id, 'owner').expect(403);
      await setRole(manager, owner.id, 'member').expect(403);
    });

    it.each(['member', 'moderator', 'analyst'])('403 for a %s', async (role) => {
      const actor = await member(role === 'member' ? undefined : role);
      const fan = await member();
      const res = await setRole(actor, fan.id, 'moderator').expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    });

    it('403 for a signed-in non-member, 401 without a token', async () => {
      const outsider = await signUp(t);
      const fan = await member();
      await setRole(outsider, fan.id, 'moderator').expect(403);
      await t.http().put(`/api/v1/communities/${slug}/members/${fan.id}/role`).send({ role: 'moderator' }).expect(401);
    });

    it('404 for someone who is not a member, a malformed id, an unknown community', async () => {
      const outsider = await signUp(t);
      await setRole(owner, outsider.id, 'moderator').expect(404);
      await setRole(owner, 'not-a-uuid', 'moderator').expect(404);
      const fan = await member();
      await setRole(owner, fan.id, 'moderator', 'no-such-community').expect(404);
    });

    it("404 for a member of another community (no tenant crossing), even for that community's owner", async () => {
      const otherOwner = await signUp(t);
      const other = await create(otherOwner);
      const fan = await member();
      await setRole(otherOwner, fan.id, 'moderator', other).expect(404);
      await t.http().get(`/api/v1/communities/${other}/members/${fan.id}`).expect(404);
      // The owner of this community has no say over the other one.
      await setRole(owner, otherOwner.id, 'member', other).expect(403);
    });

    it('400 naming the role for an unknown or missing role', async () => {
      const fan = await member();
      expect((await setRole(owner, fan.id, 'admin').expect(400)).body.fields).toHaveProperty('role');
      expect((await setRole(owner, fan.id, undefined).expect(400)).body.fields).toHaveProperty('role');
    });

    it('keeps at least one owner (409), and lets a co-owner step down', async () => {
      const s = await create(owner);
      const res = await setRole(owner, owner.id, 'member', s).expect(409);
      expect(res.body.code).toBe('LAST_OWNER');
      const coOwner = await signUp(t);
      await join(coOwner, s).expect(201);
      await setRole(owner, coOwner.id, 'owner', s).expect(200);
      await setRole(coOwner, coOwner.id, 'manager', s).expect(200);
    });

    it('never loses the last owner when two owners demote each other at once', async () => {
      const s = await create(owner);
      const coOwner = await signUp(t);
      await join(coOwner, s).expect(201);
      await setRole(owner, coOwner.id, 'owner', s).expect(200);
      const [a, b] = await Promise.all([setRole(owner, coOwner.id, 'member', s), setRole(coOwner, owner.id, 'member', s)]);
      expect([a.status, b.status].sort()).toEqual([200, 403]);
      const owners = await t.db.dataSource.query(
        `SELECT count(*)::int AS count FROM memberships m JOIN communities c ON c.id = m.community_id WHERE c.slug = $1 AND m.role = 'owner'`,
        [s],
      );
      expect(owners[0].count).toBe(1);
    });
  });

  describe('GET /communities/:slug/members/:userId', () => {
    it("shows a member's public profile", async () => {
      const fan = await member();
      const res = await t.http().get(`/api/v1/communities/${slug}/members/${fan.id}`).expect(200);
      expect(res.body).toEqual({
        userId: fan.id,
        displayName: fan.displayName,
        role: 'member',
        joinedAt: expect.any(String),
        title: null,
        badges: [],
        points: 0,
        place: expect.any(Number),
        rank: { key: 'bronze', name: { ja: 'ブロンズ', en: 'Bronze' }, nextName: { ja: 'シルバー', en: 'Silver' }, nextAt: 50, progress: 0 },
        recentActivity: [],
      });
      expect(res.body).not.toHaveProperty('email');
    });

    it('404 for a non-member, a malformed id or an unknown community', async () => {
      const outsider = await signUp(t);
      await t.http().get(`/api/v1/communities/${slug}/members/${outsider.id}`).expect(404);
      await t.http().get(`/api/v1/communities/${slug}/members/123`).expect(404);
      await t.http().get(`/api/v1/communities/no-such-community/members/${owner.id}`).expect(404);
    });
  });

  describe('boards', () => {
    it('lets staff create boards in order and anyone list them', async () => {
      const s = await create(owner);
      await t.http().post(`/api/v1/communities/${s}/boards`).set(bearer(owner.token)).send({ name: 'お知らせ' }).expect(201);
      await t.http().post(`/api/v1/communities/${s}/boards`).set(bearer(owner.token)).send({ name: '雑談', description: 'なんでも' }).expect(201);
      const res = await t.http().get(`/api/v1/communities/${s}/boards`).expect(200);
      expect(res.body.map((b: { name: string; position: number }) => [b.name, b.position])).toEqual([
        ['お知らせ', 0],
        ['雑談', 1],
      ]);
    });

    it('403 for a member, 401 without a token, 400 naming the field, 404 for an unknown community', async () => {
      const fan = await member();
      await t.http().post(`/api/v1/communities/${slug}/boards`).set(bearer(fan.token)).send({ name: 'x' }).expect(403);
      await t.http().post(`/api/v1/communities/${slug}/boards`).send({ name: 'x' }).expect(401);
      const bad = await t.http().post(`/api/v1/communities/${slug}/boards`).set(bearer(owner.token)).send({ name: '' }).expect(400);
      expect(bad.body.fields).toHaveProperty('name');
      await t.http().get('/api/v1/communities/no-such-community/boards').expect(404);
    });
  });

  describe('the activity spine', () => {
    it('records registration, creation, join and role change with an outbox row each, in one transaction', async () => {
      const fan = await member('moderator');
      const rows = await t.db.dataSource.query(
        `SELECT a.type, o.id IS NOT NULL AS has_outbox FROM activity a LEFT JOIN outbox o ON o.activity_id = a.id
          WHERE a.actor_id = $1 OR a.subject_id = $1::text ORDER BY a.id`,
        [fan.id],
      );
      expect(rows.map((r: { type: string }) => r.type)).toEqual(['account.registered', 'member.joined', 'member.role_changed']);
      expect(rows.every((r: { has_outbox: boolean }) => r.has_outbox)).toBe(true);
    });

    it('rolls back the activity with a failed change (duplicate slug leaves no trace)', async () => {
      const [{ count: before }] = await t.db.dataSource.query(`SELECT count(*)::int AS count FROM activity`);
      await t.http().post('/api/v1/communities').set(bearer(owner.token)).send({ slug, name: 'dup' }).expect(409);
      const [{ count: after }] = await t.db.dataSource.query(`SELECT count(*)::int AS count FROM activity`);
      expect(after).toBe(before);
    });
  });
});
