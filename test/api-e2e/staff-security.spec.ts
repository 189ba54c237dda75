import { generate } from 'otplib';
import { ageMembership, createCommunity, reply, startThread } from '../support/community';
import { bearer, createTestApp, newAccount, refreshCookie, signUp, type TestApp } from '../support/test-app';

type Account = Awaited<ReturnType<typeof signUp>>;

/** The TOTP code of `secret` at `offsetSteps` 30-second steps from now. */
const codeAt = (secret: string, offsetSteps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });

describe('staff security: two-factor, sessions, lockout, password policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Sets up and confirms two-factor for an account; returns the secret and recovery codes. */
  async function enableTwoFactor(account: Account) {
    const setup = await t.http().post('/api/v1/me/two-factor/setup').set(bearer(account.token)).expect(200);
    const secret: string = setup.body.secret;
    const enabled = await t.http().post('/api/v1/me/two-factor/enable').set(bearer(account.token)).send({ code: await codeAt(secret) }).expect(200);
    return { secret, recoveryCodes: enabled.body.recoveryCodes as string[] };
  }

  const login = (account: { email: string; password: string }) => t.http().post('/api/v1/auth/login').send({ email: account.email, password: account.password });

  describe('two-factor sign-in', () => {
    it('enrols: nothing is in force until a code confirms it; secrets are sealed at rest', async () => {
      const account = await signUp(t);
      const setup = await t.http().post('/api/v1/me/two-factor/setup').set(bearer(account.token)).expect(200);
      expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Kizuna:.+\?.*secret=/);
      expect(setup.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      const [row] = await t.db.dataSource.query('SELECT two_factor_secret, two_factor_pending_secret FROM users WHERE id = $1', [account.id]);
      expect(row.two_factor_secret).toBeNull();
      expect(row.two_factor_pending_secret).toMatch(/^v1\./);
      expect(row.two_factor_pending_secret).not.toContain(setup.body.secret);
      // Not yet in force: signing in still gives tokens.
      expect((await login(account).expect(200)).body.accessToken).toEqual(expect.any(String));
      const status = await t.http().get('/api/v1/me/two-factor').set(bearer(account.token)).expect(200);
      expect(status.body).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    });

    it('refuses a wrong confirmation code (400 naming the code) and enabling without a setup (409)', async () => {
      const account = await signUp(t);
      await t.http().post('/api/v1/me/two-factor/enable').set(bearer(account.token)).send({ code: '123456' }).expect(409);
      const setup = await t.http().post('/api/v1/me/two-factor/setup').set(bearer(account.token)).expect(200);
      const wrong = String((Number(await codeAt(setup.body.secret)) + 1) % 1_000_000).padStart(6, '0');
      const res = await t.http().post('/api/v1/me/two-factor/enable').set(bearer(account.token)).send({ code: wrong }).expect(400);
      expect(res.body).toMatchObject({ code: 'INVALID_TWO_FACTOR_CODE', fields: { code: expect.any(Array) } });
      const malformed = await t.http().post('/api/v1/me/two-factor/enable').set(bearer(account.token)).send({ code: '12ab' }).expect(400);
      expect(malformed.body.fields).toHaveProperty('code');
    });

    it('signs in with a code, then a recovery code once; a replayed code and a used recovery code are refused', async () => {
      const account = await signUp(t);
      const { secret, recoveryCodes } = await enableTwoFactor(account);
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      const stored = await t.db.dataSource.query('SELECT code_hash FROM recovery_codes WHERE user_id = $1', [account.id]);
      expect(stored).toHaveLength(10);
      expect(stored.map((r: { code_hash: string }) => r.code_hash)).not.toContain(recoveryCodes[0]);
      const activity = await t.db.dataSource.query(`SELECT type FROM activity WHERE actor_id = $1 AND type = 'account.two_factor_enabled'`, [account.id]);
      expect(activity).toHaveLength(1);

      // Step one: no tokens, no cookie, a challenge.
      const first = await login(account).expect(200);
      expect(first.body).toEqual({ twoFactorRequired: true, challenge: expect.any(String) });
      expect(first.headers['set-cookie']).toBeUndefined();

      // The code confirmed at enrolment cannot be used again (same time step).
      const replay = await t.http().post('/api/v1/auth/login/two-factor').send({ challenge: first.body.challenge, code: await codeAt(secret) }).expect(401);
      expect(replay.body.code).toBe('INVALID_TWO_FACTOR_CODE');

      // The next step's code works (one step of clock drift is allowed) and signs in.
      const nextCode = await codeAt(secret, 1);
      const done = await t.http().post('/api/v1/auth/login/two-factor').send({ challenge: first.body.challenge, code: nextCode }).expect(200);
      expect(done.body.accessToken).toEqual(expect.any(String));
      expect(refreshCookie(done)).toMatch(/^kizuna_refresh=/);
      await t.http().get('/api/v1/me').set(bearer(done.body.accessToken)).expect(200);

      // The challenge was single use.
      const again = await t.http().post('/api/v1/auth/login/two-factor').send({ challenge: first.body.challenge, code: nextCode }).expect(401);
      expect(again.body.code).toBe('INVALID_CHALLENGE');

      // The same code with a new challenge: a replay within its window.
      const second = await login(account).expect(200);
      await t.http().post('/api/v1/auth/login/two-factor').send({ challenge: second.body.challenge, code: nextCode }).expect(401);

      // A recovery code (any case, without the hyphen) works once.
      const recovery = recoveryCodes[3].toUpperCase().replace('-', '');
      await t.http().post('/api/v1/auth/login/two-factor').send({ challenge: second.body.challenge, recoveryCode: recovery }).expect(200);
      const third = await login(account).expect(200);
      const used = await t.http().post('/api/v1/auth/login/two-factor').send({ challenge: third.body.challenge, recoveryCode: recoveryCodes[3] }).expect(401);
      expect(used.body).toMatchObject({ code: 'INVALID_TWO_FACTOR_CODE', fields: { recoveryCode: expect.any(Array) } });
      const status = await t.http().get('/api/v1/me/two-factor').set(bearer(account.token)).expect(200);
      expect(status.body).toMatchObject({ enabled: true, recoveryCodesLeft: 9 });
    });

    it('ends a challenge after five wrong codes', async () => {
      const account = await signUp(t);
      await enableTwoFactor(account);
      const { body } = await login(account).expect(200);
      for (let i = 0; i < 5; i += 1) {
        const res = await t.http().post('/api/v1/auth/login/two-factor').send({ challenge: body.challenge, recoveryCode: 'zzzzz-zzzzz' });
        expect(res.body.code).toBe('INVALID_TWO_FACTOR_CODE');
      }
      const res = await t.http().post('/api/v1/auth/login/two-factor').send({ challenge: body.challenge, recoveryCode: 'zzzzz-zzzzz' });
      expect([401, 429]).toContain(res.status);
      expect(['INVALID_CHALLENGE', 'TOO_MANY_ATTEMPTS']).toContain(res.body.code);
    });

    it('regenerates recovery codes (old ones stop working) and disables with the password or a code', async () => {
      const account = await signUp(t);
      const { secret, recoveryCodes } = await enableTwoFactor(account);
      await t.http().post('/api/v1/me/two-factor/recovery-codes').set(bearer(account.token)).send({}).expect(400);
      const wrong = await t.http().post('/api/v1/me/two-factor/recovery-codes').set(bearer(account.token)).send({ password: 'not-my-password' }).expect(400);
      expect(wrong.body).toMatchObject({ code: 'WRONG_PASSWORD', fields: { password: expect.any(Array) } });
      const fresh = await t.http().post('/api/v1/me/two-factor/recovery-codes').set(bearer(account.token)).send({ password: account.password }).expect(200);
      expect(fresh.body.recoveryCodes).toHaveLength(10);
      const challenge = (await login(account).expect(200)).body.challenge;
      await t.http().post('/api/v1/auth/login/two-factor').send({ challenge, recoveryCode: recoveryCodes[0] }).expect(401);
      await t.http().post('/api/v1/auth/login/two-factor').send({ challenge, recoveryCode: fresh.body.recoveryCodes[0] }).expect(200);

      await t.http().post('/api/v1/me/two-factor/disable').set(bearer(account.token)).send({ code: await codeAt(secret, 1) }).expect(204);
      expect((await login(account).expect(200)).body.accessToken).toEqual(expect.any(String));
      await t.http().post('/api/v1/me/two-factor/disable').set(bearer(account.token)).send({ password: account.password }).expect(409);
      const [row] = await t.db.dataSource.query('SELECT two_factor_secret FROM users WHERE id = $1', [account.id]);
      expect(row.two_factor_secret).toBeNull();
      const activity = await t.db.dataSource.query(`SELECT type FROM activity WHERE actor_id = $1 AND type = 'account.two_factor_disabled'`, [account.id]);
      expect(activity).toHaveLength(1);
    });

    it('refuses a second setup while two-factor is on (409)', async () => {
      const account = await signUp(t);
      await enableTwoFactor(account);
      const res = await t.http().post('/api/v1/me/two-factor/setup').set(bearer(account.token)).expect(409);
      expect(res.body.code).toBe('TWO_FACTOR_ALREADY_ENABLED');
    });
  });

  describe('required for staff by a community', () => {
    it('refuses staff without two-factor on staff routes (403 TWO_FACTOR_REQUIRED), then lets them in once they turn it on', async () => {
      const c = await createCommunity(t);
      const manager = await c.member('manager');
      const analyst = await c.member('analyst');
      const fan = await c.member();

      // Only an owner may turn it on, and only with two-factor themselves.
      const byManager = await t.http().patch(`/api/v1/communities/${c.slug}`).set(bearer(manager.token)).send({ requireStaffTwoFactor: true }).expect(403);
      expect(byManager.body.code).toBe('FORBIDDEN');
      const withoutOwn = await t.http().patch(`/api/v1/communities/${c.slug}`).set(bearer(c.owner.token)).send({ requireStaffTwoFactor: true }).expect(403);
      expect(withoutOwn.body.code).toBe('TWO_FACTOR_REQUIRED');
      await enableTwoFactor(c.owner);
      const on = await t.http().patch(`/api/v1/communities/${c.slug}`).set(bearer(c.owner.token)).send({ requireStaffTwoFactor: true }).expect(200);
      expect(on.body.requireStaffTwoFactor).toBe(true);

      const refused = await t.http().get(`/api/v1/communities/${c.slug}/members`).set(bearer(manager.token)).expect(403);
      expect(refused.body).toMatchObject({ statusCode: 403, code: 'TWO_FACTOR_REQUIRED' });
      expect(refused.body.message).toContain('/me/security');
      await t.http().get(`/api/v1/communities/${c.slug}/audit`).set(bearer(analyst.token)).expect(403);
      // Public and member routes are not staff routes.
      await t.http().get(`/api/v1/communities/${c.slug}`).set(bearer(manager.token)).expect(200);
      await t.http().get(`/api/v1/communities/${c.slug}/members`).set(bearer(fan.token)).expect(403);

      await enableTwoFactor(manager);
      await t.http().get(`/api/v1/communities/${c.slug}/members`).set(bearer(manager.token)).expect(200);
      await t.http().get(`/api/v1/communities/${c.slug}/members`).set(bearer(c.owner.token)).expect(200);
      const audit = await t.http().get(`/api/v1/communities/${c.slug}/audit`).set(bearer(c.owner.token)).expect(200);
      expect(JSON.stringify(audit.body)).toContain('requireStaffTwoFactor');
    });

    it('covers staff actions on posts too (hide, editing or deleting another member’s post), not the moderator’s own posts', async () => {
      const c = await createCommunity(t);
      const moderator = await c.member('moderator');
      const fan = await c.member();
      await ageMembership(t, c.slug, fan.id);
      const thread = await startThread(t, c.boardId, fan);
      const post = thread.posts.items[0].id;
      await enableTwoFactor(c.owner);
      await t.http().patch(`/api/v1/communities/${c.slug}`).set(bearer(c.owner.token)).send({ requireStaffTwoFactor: true }).expect(200);

      const hide = await t.http().post(`/api/v1/posts/${post}/hide`).set(bearer(moderator.token)).expect(403);
      expect(hide.body.code).toBe('TWO_FACTOR_REQUIRED');
      const edit = await t.http().patch(`/api/v1/posts/${post}`).set(bearer(moderator.token)).send({ body: '編集' }).expect(403);
      expect(edit.body.code).toBe('TWO_FACTOR_REQUIRED');
      await t.http().delete(`/api/v1/posts/${post}`).set(bearer(moderator.token)).expect(403);
      // Nothing changed, and the moderator still takes part as a member.
      const page = await t.http().get(`/api/v1/threads/${thread.id}`).expect(200);
      expect(JSON.stringify(page.body)).toContain('本文です');
      await reply(t, thread.id, moderator);

      await enableTwoFactor(moderator);
      await t.http().post(`/api/v1/posts/${post}/hide`).set(bearer(moderator.token)).expect(200);
    });
  });

  it('forgets the two-factor secret, recovery codes and sessions of an erased account', async () => {
    const account = await signUp(t);
    await enableTwoFactor(account);
    await t.http().delete('/api/v1/me').set(bearer(account.token)).send({ password: account.password }).expect(204);
    const [row] = await t.db.dataSource.query(
      'SELECT two_factor_secret, two_factor_pending_secret, two_factor_enabled_at FROM users WHERE id = $1',
      [account.id],
    );
    expect(row).toEqual({ two_factor_secret: null, two_factor_pending_secret: null, two_factor_enabled_at: null });
    expect(await t.db.dataSource.query('SELECT 1 FROM recovery_codes WHERE user_id = $1', [account.id])).toHaveLength(0);
    expect((await login(account).expect(401)).body.code).toBe('INVALID_CREDENTIALS');
  });

  describe('sessions', () => {
    it('lists sessions with the current one marked; revoking one stops its refresh and access tokens at once', async () => {
      const account = await signUp(t);
      const other = await t.http().post('/api/v1/auth/login').set('User-Agent', 'Mozilla/5.0 (iPhone) Test').send({ email: account.email, password: account.password }).expect(200);
      const list = await t.http().get('/api/v1/me/sessions').set(bearer(account.token)).expect(200);
      expect(list.body).toHaveLength(2);
      const current = list.body.find((s: { current: boolean }) => s.current);
      const phone = list.body.find((s: { current: boolean }) => !s.current);
      expect(phone).toMatchObject({ userAgent: 'Mozilla/5.0 (iPhone) Test', ip: expect.any(String), createdAt: expect.any(String), lastUsedAt: expect.any(String) });
      expect(current).toBeDefined();

      await t.http().delete(`/api/v1/me/sessions/${phone.id}`).set(bearer(account.token)).expect(204);
      await t.http().get('/api/v1/me').set(bearer(other.body.accessToken)).expect(401);
      await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', refreshCookie(other)).expect(401);
      await t.http().get('/api/v1/me').set(bearer(account.token)).expect(200);
      await t.http().delete(`/api/v1/me/sessions/${phone.id}`).set(bearer(account.token)).expect(404);
      expect((await t.http().get('/api/v1/me/sessions').set(bearer(account.token)).expect(200)).body).toHaveLength(1);
    });

    it('signs out every other session, and refreshing keeps the session (last used moves)', async () => {
      const account = await signUp(t);
      const a = await login(account).expect(200);
      const b = await login(account).expect(200);
      const refreshed = await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', refreshCookie(a)).expect(200);
      expect((await t.http().get('/api/v1/me/sessions').set(bearer(refreshed.body.accessToken)).expect(200)).body).toHaveLength(3);
      const res = await t.http().delete('/api/v1/me/sessions').set(bearer(refreshed.body.accessToken)).expect(200);
      expect(res.body).toEqual({ revoked: 2 });
      await t.http().get('/api/v1/me').set(bearer(b.body.accessToken)).expect(401);
      await t.http().get('/api/v1/me').set(bearer(account.token)).expect(401);
      await t.http().get('/api/v1/me').set(bearer(refreshed.body.accessToken)).expect(200);
    });

    it("404 for another account's session or a malformed id", async () => {
      const a = await signUp(t);
      const b = await signUp(t);
      const [session] = (await t.http().get('/api/v1/me/sessions').set(bearer(b.token)).expect(200)).body;
      await t.http().delete(`/api/v1/me/sessions/${session.id}`).set(bearer(a.token)).expect(404);
      await t.http().delete('/api/v1/me/sessions/not-a-uuid').set(bearer(a.token)).expect(404);
      await t.http().get('/api/v1/me').set(bearer(b.token)).expect(200);
    });

    it('logout ends the session: its access token stops working too', async () => {
      const account = await signUp(t);
      await t.http().post('/api/v1/auth/logout').set('X-Kizuna-CSRF', '1').set('Cookie', account.cookie).expect(204);
      await t.http().get('/api/v1/me').set(bearer(account.token)).expect(401);
    });
  });

  describe('backoff and lockout', () => {
    /** Lets the next attempt through at once (as if the backoff had passed). */
    const skipBackoff = (email: string) => t.db.dataSource.query(`UPDATE login_attempts SET blocked_until = NULL WHERE key LIKE '%' || $1`, [email]);

    async function hammer(email: string) {
      const seen: Array<{ status: number; code: string; retryAfter: number | null }> = [];
      for (let i = 1; i <= 10; i += 1) {
        const res = await t.http().post('/api/v1/auth/login').send({ email, password: `wrong-password-${i}` });
        seen.push({ status: res.status, code: res.body.code, retryAfter: res.headers['retry-after'] ? Number(res.headers['retry-after']) : null });
        if (i >= 5 && i < 10) {
          const waiting = await t.http().post('/api/v1/auth/login').send({ email, password: 'anything-at-all' });
          seen.push({ status: waiting.status, code: waiting.body.code, retryAfter: Number(waiting.headers['retry-after']) });
          await skipBackoff(email);
        }
      }
      return seen;
    }

    it('slows down after 5 failures with a growing Retry-After, locks after 10 even for the right password, mails the owner; unknown emails look the same', async () => {
      const account = await signUp(t);
      const known = await hammer(account.email);
      expect(known.slice(0, 4).every((r) => r.status === 401 && r.code === 'INVALID_CREDENTIALS')).toBe(true);
      const waits = known.filter((r) => r.code === 'TOO_MANY_ATTEMPTS');
      expect(waits).toHaveLength(5);
      expect(waits.every((r) => r.status === 429)).toBe(true);
      const retryAfters = waits.map((r) => r.retryAfter!);
      expect(retryAfters[0]).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < retryAfters.length; i += 1) expect(retryAfters[i]).toBeGreaterThan(retryAfters[i - 1]);
      const last = known[known.length - 1];
      expect(last).toMatchObject({ status: 429, code: 'ACCOUNT_LOCKED' });
      expect(last.retryAfter).toBeGreaterThan(14 * 60);

      const locked = await login(account).expect(429);
      expect(locked.body.code).toBe('ACCOUNT_LOCKED');
      expect(locked.body.message).toMatch(/locked/);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      await t.drainOutbox();
      expect(t.mails().some((m) => m.to.includes(account.email) && /ロック/.test(m.subject + m.text))).toBe(true);

      const unknown = await hammer(newAccount().email);
      expect(unknown.map((r) => [r.status, r.code])).toEqual(known.map((r) => [r.status, r.code]));
    });

    it('a success clears the count', async () => {
      const account = await signUp(t);
      for (let i = 0; i < 4; i += 1) await t.http().post('/api/v1/auth/login').send({ email: account.email, password: 'wrong-password' }).expect(401);
      await login(account).expect(200);
      for (let i = 0; i < 4; i += 1) await t.http().post('/api/v1/auth/login').send({ email: account.email, password: 'wrong-password' }).expect(401);
      await login(account).expect(200);
    });

    it('a password reset unlocks the account', async () => {
      const account = await signUp(t);
      await t.db.dataSource.query(
        `INSERT INTO login_attempts (key, failures, last_failure_at, locked_until) VALUES ($1, 10, now(), now() + interval '15 minutes')`,
        [`account:${account.email}`],
      );
      await login(account).expect(429);
      await t.http().post('/api/v1/auth/password-reset').send({ email: account.email }).expect(202);
      await t.drainOutbox();
      const mail = [...t.mails()].reverse().find((m) => m.to.includes(account.email) && m.text.includes('/reset-password?token='))!;
      const token = /token=([\w-]+)/.exec(mail.text)![1];
      const password = `${account.password}-new`;
      await t.http().post('/api/v1/auth/password-reset/confirm').send({ token, password }).expect(204);
      await login({ email: account.email, password }).expect(200);
    });
  });

  describe('password policy and change', () => {
    it.each(['password1234', 'qwertyuiop', '123456789a'])('refuses the common password %s at registration', async (password) => {
      const res = await t.http().post('/api/v1/auth/register').send({ ...newAccount(), password }).expect(400);
      expect(res.body).toMatchObject({ code: 'WEAK_PASSWORD', fields: { password: expect.any(Array) } });
    });

    it('changes the password with the current one, refusing weak ones; other sessions end, this one stays', async () => {
      const account = await signUp(t);
      const other = await login(account).expect(200);
      const wrong = await t.http().post('/api/v1/me/password').set(bearer(account.token)).send({ currentPassword: 'nope-nope', newPassword: 'a-brand-new-long-phrase-42' }).expect(400);
      expect(wrong.body).toMatchObject({ code: 'WRONG_PASSWORD', fields: { currentPassword: expect.any(Array) } });
      const weak = await t.http().post('/api/v1/me/password').set(bearer(account.token)).send({ currentPassword: account.password, newPassword: 'password1234' }).expect(400);
      expect(weak.body).toMatchObject({ code: 'WEAK_PASSWORD', fields: { newPassword: expect.any(Array) } });
      const own = await t.http().post('/api/v1/me/password').set(bearer(account.token)).send({ currentPassword: account.password, newPassword: account.email }).expect(400);
      expect(own.body.code).toBe('WEAK_PASSWORD');
      await t.http().post('/api/v1/me/password').set(bearer(account.token)).send({ currentPassword: account.password }).expect(400);

      const newPassword = 'kumo-no-ue-de-odoru-neko-77';
      await t.http().post('/api/v1/me/password').set(bearer(account.token)).send({ currentPassword: account.password, newPassword }).expect(204);
      await t.http().get('/api/v1/me').set(bearer(other.body.accessToken)).expect(401);
      await t.http().get('/api/v1/me').set(bearer(account.token)).expect(200);
      await login(account).expect(401);
      await login({ email: account.email, password: newPassword }).expect(200);
    });
  });

  describe('permissions', () => {
    it.each([
      ['GET', '/api/v1/me/two-factor'],
      ['POST', '/api/v1/me/two-factor/setup'],
      ['POST', '/api/v1/me/two-factor/enable'],
      ['POST', '/api/v1/me/two-factor/disable'],
      ['POST', '/api/v1/me/two-factor/recovery-codes'],
      ['GET', '/api/v1/me/sessions'],
      ['DELETE', '/api/v1/me/sessions'],
      ['DELETE', '/api/v1/me/sessions/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/v1/me/password'],
    ])('401 signed out: %s %s', async (method, path) => {
      const res = await t.http()[method.toLowerCase() as 'get' | 'post' | 'delete'](path).send({});
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('the second step of sign-in needs a live challenge (401) and a well-formed body (400)', async () => {
      const bogus = await t.http().post('/api/v1/auth/login/two-factor').send({ challenge: 'x'.repeat(43), code: '123456' }).expect(401);
      expect(bogus.body.code).toBe('INVALID_CHALLENGE');
      const malformed = await t.http().post('/api/v1/auth/login/two-factor').send({ challenge: 'short', code: 'abc' }).expect(400);
      expect(Object.keys(malformed.body.fields)).toEqual(expect.arrayContaining(['challenge', 'code']));
    });
  });
});
