import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '../../apps/api/src/app';
import { createTestApp, type TestApp } from '../support/test-app';

describe('operability: health, OpenAPI, request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports the database and the outbox on /api/health (Redis disabled without REDIS_URL)', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', redis: 'disabled', outbox: { pending: expect.any(Number), parked: 0 } });
  });

  it('serves the OpenAPI document covering every route with its DTOs', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    const routes = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /api/v1/auth/register',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/refresh',
        'POST /api/v1/auth/logout',
        'POST /api/v1/auth/verify-email',
        'POST /api/v1/auth/verify-email/resend',
        'POST /api/v1/auth/password-reset',
        'POST /api/v1/auth/password-reset/confirm',
        'POST /api/v1/auth/login/two-factor',
        'GET /api/v1/me',
        'GET /api/v1/me/communities',
        'GET /api/v1/me/notifications',
        'POST /api/v1/me/notifications/read',
        'GET /api/v1/me/two-factor',
        'POST /api/v1/me/two-factor/setup',
        'POST /api/v1/me/two-factor/enable',
        'POST /api/v1/me/two-factor/disable',
        'POST /api/v1/me/two-factor/recovery-codes',
        'GET /api/v1/me/sessions',
        'DELETE /api/v1/me/sessions',
        'DELETE /api/v1/me/sessions/{id}',
        'POST /api/v1/me/password',
        'GET /api/v1/me/export',
        'DELETE /api/v1/me',
        'POST /api/v1/communities',
        'GET /api/v1/communities',
        'GET /api/v1/communities/{slug}',
        'POST /api/v1/communities/{slug}/join',
        'GET /api/v1/communities/{slug}/members/{userId}',
        'PUT /api/v1/communities/{slug}/members/{userId}/role',
        'GET /api/v1/communities/{slug}/boards',
        'POST /api/v1/communities/{slug}/boards',
        'PATCH /api/v1/communities/{slug}',
        'PUT /api/v1/communities/{slug}/boards/order',
        'PATCH /api/v1/communities/{slug}/boards/{boardId}',
        'GET /api/v1/boards/{boardId}/threads',
        'POST /api/v1/boards/{boardId}/threads',
        'GET /api/v1/threads/{threadId}',
        'GET /api/v1/threads/{threadId}/posts',
        'POST /api/v1/threads/{threadId}/posts',
        'PUT /api/v1/threads/{threadId}/read',
        'POST /api/v1/preview',
        'POST /api/v1/threads/{threadId}/lock',
        'DELETE /api/v1/threads/{threadId}/lock',
        'POST /api/v1/threads/{threadId}/pin',
        'DELETE /api/v1/threads/{threadId}/pin',
        'PATCH /api/v1/posts/{postId}',
        'DELETE /api/v1/posts/{postId}',
        'GET /api/v1/posts/{postId}/revisions',
        'PUT /api/v1/posts/{postId}/reactions/{emoji}',
        'DELETE /api/v1/posts/{postId}/reactions/{emoji}',
        'POST /api/v1/posts/{postId}/flags',
        'DELETE /api/v1/posts/{postId}/flags',
        'POST /api/v1/posts/{postId}/hide',
        'DELETE /api/v1/posts/{postId}/hide',
        'GET /api/v1/communities/{slug}/moderation/queue',
        'GET /api/v1/communities/{slug}/search',
        'GET /api/v1/communities/{slug}/badges',
        'POST /api/v1/communities/{slug}/badges',
        'PATCH /api/v1/communities/{slug}/badges/{badgeId}',
        'POST /api/v1/communities/{slug}/badges/{badgeId}/awards',
        'DELETE /api/v1/communities/{slug}/badges/{badgeId}/awards/{userId}',
        'GET /api/v1/communities/{slug}/me/title',
        'PUT /api/v1/communities/{slug}/me/title',
        'GET /api/v1/communities/{slug}/leaderboard',
        'GET /api/v1/communities/{slug}/members',
        'PUT /api/v1/communities/{slug}/members/{userId}/suspension',
        'POST /api/v1/communities/{slug}/badges/preview',
        'GET /api/v1/communities/{slug}/badges/{badgeId}/backfill',
        'GET /api/v1/communities/{slug}/badges/{badgeId}/awards',
        'GET /api/v1/communities/{slug}/recognition/settings',
        'PUT /api/v1/communities/{slug}/recognition/settings',
        'GET /api/v1/communities/{slug}/perks',
        'POST /api/v1/communities/{slug}/perks',
        'POST /api/v1/communities/{slug}/perks/{perkId}/codes',
        'GET /api/v1/communities/{slug}/me/perks',
        'POST /api/v1/communities/{slug}/perks/{perkId}/redeem',
        'POST /api/v1/communities/{slug}/crm/{kind}/import',
        'GET /api/v1/communities/{slug}/crm/imports',
        'GET /api/v1/communities/{slug}/crm/imports/{importId}',
        'GET /api/v1/communities/{slug}/crm/import-mappings/{kind}',
        'PUT /api/v1/communities/{slug}/crm/import-mappings/{kind}',
        'GET /api/v1/communities/{slug}/crm/contacts',
        'GET /api/v1/communities/{slug}/crm/contacts/{contactId}',
        'PUT /api/v1/communities/{slug}/crm/contacts/{contactId}/link',
        'DELETE /api/v1/communities/{slug}/crm/contacts/{contactId}/link',
        'POST /api/v1/communities/{slug}/crm/contacts/{contactId}/erasure',
        'GET /api/v1/communities/{slug}/crm/contacts/{contactId}/consent-history',
        'GET /api/v1/communities/{slug}/crm/link-conflicts',
        'DELETE /api/v1/communities/{slug}/crm/link-conflicts/{conflictId}',
        'POST /api/v1/communities/{slug}/me/customer-link',
        'GET /api/v1/communities/{slug}/webhooks',
        'POST /api/v1/communities/{slug}/webhooks',
        'PATCH /api/v1/communities/{slug}/webhooks/{webhookId}',
        'DELETE /api/v1/communities/{slug}/webhooks/{webhookId}',
        'POST /api/v1/communities/{slug}/webhooks/{webhookId}/rotate-secret',
        'GET /api/v1/communities/{slug}/webhooks/{webhookId}/deliveries',
        'POST /api/v1/communities/{slug}/webhooks/{webhookId}/deliveries/{deliveryId}/replay',
        'GET /api/v1/communities/{slug}/segments',
        'POST /api/v1/communities/{slug}/segments',
        'POST /api/v1/communities/{slug}/segments/preview',
        'GET /api/v1/communities/{slug}/segments/{segmentId}',
        'PATCH /api/v1/communities/{slug}/segments/{segmentId}',
        'DELETE /api/v1/communities/{slug}/segments/{segmentId}',
        'GET /api/v1/communities/{slug}/segments/{segmentId}/contacts',
        'GET /api/v1/communities/{slug}/segments/{segmentId}/export-summary',
        'GET /api/v1/communities/{slug}/segments/{segmentId}/export',
        'GET /api/v1/communities/{slug}/analytics/customer-value',
        'GET /api/v1/communities/{slug}/analytics/overview',
        'GET /api/v1/communities/{slug}/analytics/tiers',
        'GET /api/v1/communities/{slug}/analytics/engagement-revenue',
        'GET /api/v1/communities/{slug}/analytics/retention',
        'GET /api/v1/communities/{slug}/analytics/at-risk',
        'GET /api/v1/communities/{slug}/analytics/top-contributors',
        'GET /api/v1/communities/{slug}/analytics/boards',
        'GET /api/v1/communities/{slug}/analytics/members/{userId}',
        'GET /api/v1/communities/{slug}/analytics/badge-impact',
        'GET /api/v1/communities/{slug}/analytics/settings',
        'GET /api/v1/communities/{slug}/audit',
        'PUT /api/v1/communities/{slug}/analytics/settings',
        'GET /api/health',
      ].sort(),
    );
    expect(res.body.components.schemas.RegisterDto.required).toEqual(['email', 'password', 'displayName']);
    await t.http().get('/api/docs').expect(200);
  });

  it('matches the committed document the typed client was generated from (regenerate: npm run generate:client)', () => {
    const committed = readFileSync(join(__dirname, '../../libs/api-client/openapi.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(JSON.stringify(openApiDocument(t.app))));
  });

  it('answers with a request id, taking a sane one from the caller', async () => {
    const res = await t.http().get('/api/v1/communities/nope').set('x-request-id', 'trace-123').expect(404);
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.body.requestId).toBe('trace-123');
    const generated = await t.http().get('/api/v1/communities/nope').set('x-request-id', 'bad id with spaces').expect(404);
    expect(generated.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('404 in the error shape for unknown routes', async () => {
    const res = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});

const redisUrl = process.env.REDIS_URL;
(redisUrl ? describe : describe.skip)('health with Redis (REDIS_URL)', () => {
  it('reports Redis up', async () => {
    const t = await createTestApp({ REDIS_URL: redisUrl! });
    try {
      expect((await t.http().get('/api/health').expect(200)).body.redis).toBe('up');
    } finally {
      await t.close();
    }
  });
});
