import jwt from 'jsonwebtoken';
import { bearer, createTestApp, newAccount, refreshCookie, signUp, type TestApp, tokenFromMail } from '../support/test-app';

describe('accounts: /auth and /me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('POST /auth/register', () => {
    it('creates the account with a normalised email, signs in and sets an httpOnly refresh cookie', async () => {
      const account = newAccount('さくら');
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ ...account, email: `  ${account.email.toUpperCase()} ` })
        .expect(201);
      expect(res.body.user).toMatchObject({ email: account.email, displayName: account.displayName, emailVerified: false, locale: 'ja' });
      expect(res.body.user).not.toHaveProperty('passwordHash');
      expect(res.body.accessToken).toEqual(expect.any(String));
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('kizuna_refresh='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const [row] = await t.db.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [res.body.user.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses a duplicate email whatever its case (409, field named)', async () => {
      const account = newAccount();
      await t.http().post('/api/v1/auth/register').send(account).expect(201);
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ ...account, email: account.email.toUpperCase(), displayName: 'other' })
        .expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'EMAIL_TAKEN', fields: { email: expect.any(Array) } });
    });

    it('registers one account when the same email signs up twice at once', async () => {
      const account = newAccount();
      const results = await Promise.all([1, 2, 3].map(() => t.http().post('/api/v1/auth/register').send(account)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      const [{ count }] = await t.db.dataSource.query('SELECT count(*)::int AS count FROM users WHERE email = $1', [account.email]);
      expect(count).toBe(1);
    });

    const valid = () => newAccount();
    const cases: Array<[string, (a: ReturnType<typeof valid>) => unknown, string]> = [
      ['missing email', ({ email: _e, ...rest }) => rest, 'email'],
      ['malformed email', (a) => ({ ...a, email: 'not-an-email' }), 'email'],
      ['email of the wrong type', (a) => ({ ...a, email: 42 }), 'email'],
      ['missing password', ({ password: _p, ...rest }) => rest, 'password'],
      ['short password', (a) => ({ ...a, password: 'Ab1!' }), 'password'],
      ['common password', (a) => ({ ...a, password: 'password123' }), 'password'],
      ['password that is the email', (a) => ({ ...a, password: a.email }), 'password'],
      ['huge password', (a) => ({ ...a, password: 'x'.repeat(10_000) }), 'password'],
      ['empty display name', (a) => ({ ...a, displayName: '   ' }), 'displayName'],
      ['display name of 41 characters', (a) => ({ ...a, displayName: 'あ'.repeat(41) }), 'displayName'],
      ['display name with a control character', (a) => ({ ...a, displayName: 'a\u0000b' }), 'displayName'],
      ['unknown locale', (a) => ({ ...a, locale: 'fr' }), 'locale'],
      ['an extra field', (a) => ({ ...a, role: 'owner' }), 'role'],
    ];
    it.each(cases)('400 naming the field for %s', async (_name, make, field) => {
      const res = await t.http().post('/api/v1/auth/register').send(make(valid()) as object).expect(400);
      expect(res.body.statusCode).toBe(400);
      expect(res.body.message).toContain(field);
      expect(Object.keys(res.body.fields ?? {})).toContain(field);
    });

    it('accepts a 40-character Japanese display name (characters, not bytes)', async () => {
      await t.http().post('/api/v1/auth/register').send({ ...newAccount(), displayName: 'あ'.repeat(40) }).expect(201);
    });

    it('400 for a body that is not JSON, naming the body', async () => {
      const res = await t.http().post('/api/v1/auth/register').set('content-type', 'application/json').send('{"email":').expect(400);
      expect(res.body.message).toMatch(/body/);
    });
  });

  describe('POST /auth/login', () => {
    it('signs in with the email in any case', async () => {
      const account = await signUp(t);
      const res = await t.http().post('/api/v1/auth/login').send({ email: account.email.toUpperCase(), password: account.password }).expect(200);
      expect(res.body.user.id).toBe(account.id);
      expect(refreshCookie(res)).toMatch(/^kizuna_refresh=/);
    });

    it('answers a wrong password and an unknown email the same way (401)', async () => {
      const account = await signUp(t);
      const wrong = await t.http().post('/api/v1/auth/login').send({ email: account.email, password: 'wrong-password-1234' }).expect(401);
      const unknown = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'wrong-password-1234' }).expect(401);
      expect(wrong.body.message).toBe(unknown.body.message);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('400 naming the field for a malformed email or empty password', async () => {
      expect((await t.http().post('/api/v1/auth/login').send({ email: 'x', password: 'y' }).expect(400)).body.fields).toHaveProperty('email');
      expect((await t.http().post('/api/v1/auth/login').send({ email: 'a@b.co', password: '' }).expect(400)).body.fields).toHaveProperty('password');
    });
  });

  describe('GET /me', () => {
    it('returns the account for a valid token', async () => {
      const account = await signUp(t);
      const res = await t.http().get('/api/v1/me').set(bearer(account.token)).expect(200);
      expect(res.body).toMatchObject({ id: account.id, email: account.email, displayName: account.displayName });
    });

    it('401 without a token, with a forged one and with an expired one', async () => {
      const account = await signUp(t);
      await t.http().get('/api/v1/me').expect(401);
      const forged = jwt.sign({ sub: account.id }, 'another-secret-another-secret-another');
      await t.http().get('/api/v1/me').set(bearer(forged)).expect(401);
      const expired = jwt.sign({ sub: account.id, exp: Math.floor(Date.now() / 1000) - 10 }, t.config.jwtSecret);
      const res = await t.http().get('/api/v1/me').set(bearer(expired)).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });
  });

  describe('refresh and logout', () => {
    it('rotates the refresh token; replaying a rotated one after a short grace revokes the whole family', async () => {
      const account = await signUp(t);
      const first = await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', account.cookie).expect(200);
      expect(first.body.user.id).toBe(account.id);
      const second = refreshCookie(first);
      expect(second).not.toBe(account.cookie);
      // Moments later the old cookie still works (a second tab, a retried request) …
      await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', account.cookie).expect(200);
      // … but replayed later it is a stolen copy: refused, and the whole family is revoked …
      await t.db.dataSource.query(`UPDATE refresh_tokens SET rotated_at = rotated_at - interval '1 minute' WHERE user_id = $1`, [account.id]);
      await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', account.cookie).expect(401);
      // … so the legitimate newer cookie no longer works either.
      await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', second).expect(401);
    });

    it('401 without a cookie or with a garbage one', async () => {
      await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').expect(401);
      await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', 'kizuna_refresh=garbage').expect(401);
      await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', `kizuna_refresh=${crypto.randomUUID()}.abc`).expect(401);
    });

    it('logout revokes the session and clears the cookie', async () => {
      const account = await signUp(t);
      const res = await t.http().post('/api/v1/auth/logout').set('X-Kizuna-CSRF', '1').set('Cookie', account.cookie).expect(204);
      expect((res.headers['set-cookie'] as unknown as string[]).join()).toMatch(/kizuna_refresh=;/);
      await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', account.cookie).expect(401);
    });
  });

  describe('email verification', () => {
    it('mails a link on registration; following it verifies the email once', async () => {
      const account = await signUp(t);
      await t.drainOutbox();
      const token = tokenFromMail(t.mails(), account.email, '/verify-email');
      const res = await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(200);
      expect(res.body).toMatchObject({ id: account.id, emailVerified: true });
      expect((await t.http().get('/api/v1/me').set(bearer(account.token))).body.emailVerified).toBe(true);
      const again = await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(400);
      expect(again.body).toMatchObject({ code: 'INVALID_TOKEN', fields: { token: expect.any(Array) } });
      await t.http().post('/api/v1/auth/verify-email/resend').set(bearer(account.token)).expect(409);
    });

    it('writes the mail in the account language', async () => {
      const account = newAccount();
      await t.http().post('/api/v1/auth/register').send({ ...account, locale: 'en' }).expect(201);
      await t.drainOutbox();
      const mail = t.mails().find((m) => m.to.includes(account.email))!;
      expect(mail.text).toContain('Confirm your email address');
    });

    it('resend issues a new link and the old one stops working', async () => {
      const account = await signUp(t);
      await t.drainOutbox();
      const old = tokenFromMail(t.mails(), account.email, '/verify-email');
      await t.http().post('/api/v1/auth/verify-email/resend').set(bearer(account.token)).expect(202);
      await t.http().post('/api/v1/auth/verify-email/resend').expect(401);
      await t.drainOutbox();
      const fresh = tokenFromMail(t.mails(), account.email, '/verify-email');
      expect(fresh).not.toBe(old);
      await t.http().post('/api/v1/auth/verify-email').send({ token: old }).expect(400);
      await t.http().post('/api/v1/auth/verify-email').send({ token: fresh }).expect(200);
    });

    it('400 naming the token for a malformed or unknown token', async () => {
      expect((await t.http().post('/api/v1/auth/verify-email').send({}).expect(400)).body.fields).toHaveProperty('token');
      expect((await t.http().post('/api/v1/auth/verify-email').send({ token: 'x'.repeat(43) }).expect(400)).body.code).toBe('INVALID_TOKEN');
    });
  });

  describe('password reset', () => {
    it('accepts unknown emails without saying so, and mails nothing for them', async () => {
      const before = t.mails().length;
      const res = await t.http().post('/api/v1/auth/password-reset').send({ email: 'ghost@example.com' }).expect(202);
      expect(res.body).toEqual({ accepted: true });
      await t.drainOutbox();
      expect(t.mails().length).toBe(before);
    });

    it('resets the password by the mailed link and signs out every session', async () => {
      const account = await signUp(t);
      await t.http().post('/api/v1/auth/password-reset').send({ email: account.email.toUpperCase() }).expect(202);
      await t.drainOutbox();
      const token = tokenFromMail(t.mails(), account.email, '/reset-password');
      const weak = await t.http().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'password' }).expect(400);
      expect(weak.body.fields).toHaveProperty('password');
      const password = 'a-brand-new-passphrase-2026';
      await t.http().post('/api/v1/auth/password-reset/confirm').send({ token, password }).expect(204);
      await t.http().post('/api/v1/auth/password-reset/confirm').send({ token, password }).expect(400);
      await t.http().post('/api/v1/auth/login').send({ email: account.email, password: account.password }).expect(401);
      await t.http().post('/api/v1/auth/login').send({ email: account.email, password }).expect(200);
      await t.http().post('/api/v1/auth/refresh').set('X-Kizuna-CSRF', '1').set('Cookie', account.cookie).expect(401);
    });

    it('400 naming the field for a malformed request', async () => {
      expect((await t.http().post('/api/v1/auth/password-reset').send({ email: 'nope' }).expect(400)).body.fields).toHaveProperty('email');
      expect((await t.http().post('/api/v1/auth/password-reset/confirm').send({ password: 'x' }).expect(400)).body.fields).toHaveProperty('token');
    });
  });
});
