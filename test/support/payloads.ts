import type { OpenAPIObject } from '@nestjs/swagger';
import type { Tenant } from './two-tenants';

/** One operation of the OpenAPI document. */
export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** `/api/v1/communities/{slug}/boards/{boardId}` */
  path: string;
  pathParams: string[];
  query: Array<{ name: string; required: boolean; schema: Schema }>;
  /** The JSON body's schema name (`CreatePostDto`), or `multipart` for an upload. */
  body?: string;
  bodyRequired: boolean;
}

export type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  $ref?: string;
  allOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  maxLength?: number;
  pattern?: string;
};

export const routeName = (r: Pick<Route, 'method' | 'path'>) => `${r.method.toUpperCase()} ${r.path}`;

/** Every operation in the document, in document order. */
export function routesOf(doc: OpenAPIObject): Route[] {
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops as Record<string, any>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? []) as Array<{ in: string; name: string; required?: boolean; schema: Schema }>;
      const content = op.requestBody?.content ?? {};
      const ref: string | undefined = content['application/json']?.schema?.$ref;
      routes.push({
        method: method as Route['method'],
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: !!p.required, schema: p.schema ?? {} })),
        body: ref ? ref.split('/').pop() : content['multipart/form-data'] ? 'multipart' : undefined,
        bodyRequired: !!op.requestBody?.required,
      });
    }
  }
  return routes;
}

/** A schema with `$ref`/`allOf` resolved. */
export function resolve(doc: OpenAPIObject, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, (doc.components!.schemas as Record<string, Schema>)[schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length === 1) return { ...resolve(doc, schema.allOf[0]), ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'allOf')) };
  return schema;
}

export function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for path parameter ${name} in ${path}`);
    return encodeURIComponent(values[name]);
  });
}

/** Path parameters that name a value rather than an object: the same for every tenant. */
export const LITERAL_PARAMS: Record<string, string> = { kind: 'contacts', emoji: '👍' };

let unique = 0;
const next = () => `${Date.now().toString(36)}${(unique += 1)}`;

/**
 * A valid body for each request schema, addressed to a tenant's objects (ids in bodies come from
 * the same tenant as those in the path). Every JSON body schema of the document must be here: the
 * suites fail on one that is not, so a new route cannot go untested.
 */
export const VALID_BODIES: Record<string, (t: Tenant) => Record<string, unknown>> = {
  RegisterDto: () => ({ email: `bad-input-${next()}@example.com`, password: `hikari-no-michi-${next()}`, displayName: 'ファン' }),
  // Wrong credentials throughout: these bodies must never sign anyone in, erase, or change a password.
  LoginDto: () => ({ email: 'nobody-here@example.com', password: 'wrong-password-0000' }),
  LoginTwoFactorDto: () => ({ challenge: 'a'.repeat(43), code: '000000' }),
  EraseAccountDto: () => ({ password: 'not-the-password-0000' }),
  TwoFactorCodeDto: () => ({ code: '000000' }),
  ReauthenticateDto: () => ({ password: 'not-the-password-0000' }),
  ChangePasswordDto: () => ({ currentPassword: 'not-the-password-0000', newPassword: `hikari-no-michi-${next()}` }),
  TokenDto: () => ({ token: 'a'.repeat(43) }),
  PasswordResetRequestDto: (t) => ({ email: t.member.email }),
  PasswordResetConfirmDto: () => ({ token: 'a'.repeat(43), password: `hikari-no-michi-${next()}` }),
  CreateCommunityDto: () => ({ slug: `bi-${next()}`, name: 'テスト' }),
  UpdateCommunityDto: () => ({ name: '名前' }),
  SuspensionDto: () => ({ suspended: false, reason: 'ok' }),
  ChangeRoleDto: () => ({ role: 'member' }),
  CreateBoardDto: () => ({ name: '掲示板' }),
  ReorderBoardsDto: (t) => ({ boardIds: [t.ids.boardId] }),
  UpdateBoardDto: () => ({ description: '説明' }),
  CreateThreadDto: () => ({ title: 'タイトル', body: '本文' }),
  CreatePostDto: (t) => ({ body: '本文', replyToPostId: t.ids.postId }),
  MarkReadDto: () => ({ seq: 1 }),
  PreviewDto: () => ({ body: '**太字**' }),
  UpdatePostDto: () => ({ body: '編集' }),
  FlagDto: () => ({ reason: 'spam', note: 'メモ' }),
  MarkNotificationsReadDto: () => ({ ids: [] }),
  CreateBadgeDto: () => ({ key: `b-${next()}`, name: { ja: '賞', en: 'Badge' }, icon: '⭐', tier: 'bronze' }),
  PreviewBadgeDto: () => ({ rule: { type: 'first', activity: 'post.created' } }),
  AwardBadgeDto: (t) => ({ userId: t.ids.userId, reason: '理由' }),
  UpdateBadgeDto: () => ({ icon: '🌟' }),
  ChooseTitleDto: (t) => ({ titleId: t.ids.badgeId }),
  RecognitionSettingsDto: (t) => t.settings.recognition,
  CreatePerkDto: (t) => ({ name: { ja: '特典', en: 'Perk' }, kind: 'coupon', unlock: { badgeId: t.ids.badgeId } }),
  AddCodesDto: () => ({ codes: [`CODE-${next()}`] }),
  ImportMappingDto: () => ({ mapping: { 会員コード: 'externalId' } }),
  LinkContactDto: (t) => ({ userId: t.ids.userId }),
  ClaimCustomerDto: () => ({ customerNumber: 'M-0', verifier: '1990-01-01' }),
  CreateSegmentDto: () => ({ name: 'セグメント', rule: { match: 'all', conditions: [{ field: 'region', op: 'eq', value: '大阪府' }] } }),
  PreviewSegmentDto: () => ({ rule: { match: 'all', conditions: [{ field: 'region', op: 'eq', value: '大阪府' }] } }),
  UpdateSegmentDto: () => ({ description: '説明' }),
  AnalyticsSettingsDto: (t) => t.settings.analytics,
  CreateWebhookDto: () => ({ url: 'http://127.0.0.1:9/other', events: ['badge.awarded'] }),
  UpdateWebhookDto: () => ({ description: '説明' }),
};

/** Valid values for query parameters, by name. */
export const VALID_QUERY: Record<string, (t: Tenant) => string> = {
  cursor: () => '',
  limit: () => '10',
  q: () => 'テスト',
  afterSeq: () => '0',
  reason: () => '理由',
  period: () => 'all',
  from: () => '2026-01-01',
  to: () => '2026-01-31',
  by: () => 'week',
  periods: () => '4',
  asOf: () => '2026-01-31',
  unit: () => 'month',
  type: () => 'member.joined',
  actorId: (t) => t.owner.id,
  status: () => 'failed',
  linked: () => 'true',
  consent: () => 'email',
  channel: () => 'email',
};

/** The required query parameters of a route with valid values. */
export function requiredQuery(route: Route, t: Tenant): Record<string, string> {
  return Object.fromEntries(route.query.filter((q) => q.required).map((q) => [q.name, queryValue(q.name, t)]));
}

export function queryValue(name: string, t: Tenant): string {
  const make = VALID_QUERY[name];
  if (!make) throw new Error(`no valid value for query parameter ${name}: add it to VALID_QUERY in test/support/payloads.ts`);
  return make(t);
}

export function validBody(schema: string, t: Tenant): Record<string, unknown> {
  const make = VALID_BODIES[schema];
  if (!make) throw new Error(`no valid ${schema} body: add one to VALID_BODIES in test/support/payloads.ts`);
  return structuredClone(make(t));
}
