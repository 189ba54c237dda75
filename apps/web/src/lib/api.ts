import { browser } from '$app/environment';
import { invalidate } from '$app/navigation';
import { createKizunaClient } from '@kizuna/api-client';
import type { ClientOptions, Middleware } from 'openapi-fetch';
import { SESSION, session } from './session.svelte';

/** Routes that start or end a session: their 401 is the answer itself, not an expired access token. */
const SESSION_ROUTES = new Set(['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/login/two-factor', '/api/v1/auth/refresh', '/api/v1/auth/logout']);

/** Untouched copies of requests that may be retried once (the body of the original is spent). */
const retryCopies = new WeakMap<Request, Request>();

/** Sends the access token; on a 401 refreshes the session once and retries with the new token. */
const bearer: Middleware = {
  onRequest({ request, schemaPath }) {
    if (session.accessToken) request.headers.set('Authorization', `Bearer ${session.accessToken}`);
    if (browser && !SESSION_ROUTES.has(schemaPath)) retryCopies.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response, options }) {
    const copy = retryCopies.get(request);
    if (response.status !== 401 || !copy) return undefined;
    const signedIn = session.user !== null;
    if (!(await refreshSession())) {
      // Signed out meanwhile: pages showing what the visitor may do now show it for nobody.
      if (signedIn && !session.user) void invalidate(SESSION);
      return undefined;
    }
    copy.headers.set('Authorization', `Bearer ${session.accessToken}`);
    return options.fetch(copy);
  },
};

function createApi(options: ClientOptions = {}) {
  const client = createKizunaClient(options);
  client.use(bearer);
  return client;
}

/** The client for pages and components in the browser: same origin, proxied to the API by hooks.server.ts. */
export const api = createApi();

/**
 * The client for load functions, on SvelteKit's `fetch`: on the server it reaches the API through
 * the same proxy, and the browser reuses those responses while hydrating — which SvelteKit does
 * only for a same-origin path with plain options, not for the Request openapi-fetch passes.
 */
export function loadApi({ fetch, url }: { fetch: typeof globalThis.fetch; url: URL }) {
  return createApi({
    baseUrl: url.origin,
    fetch: async (request) => {
      const { pathname, search } = new URL(request.url);
      const headers = [...request.headers].length > 0 ? request.headers : undefined;
      const body = request.body ? await request.text() : undefined;
      return fetch(pathname + search, { method: request.method, headers, body });
    },
  });
}

/**
 * `fetch` for what the typed client does not do well — multipart uploads, file downloads — with
 * the same bearer token and the same single refresh-and-retry on a 401 (a FormData body can be
 * sent twice; a stream could not).
 */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = () => {
    const headers = new Headers(init.headers);
    if (session.accessToken) headers.set('Authorization', `Bearer ${session.accessToken}`);
    return fetch(path, { ...init, headers });
  };
  const response = await send();
  if (response.status !== 401) return response;
  const signedIn = session.user !== null;
  if (!(await refreshSession())) {
    if (signedIn && !session.user) void invalidate(SESSION);
    return response;
  }
  return send();
}

/** Sent with the requests the refresh cookie authenticates (refresh, logout): the API's defence against cross-site forgery. */
export const CSRF = { 'X-Kizuna-CSRF': '1' } as const;

let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh cookie for a new access token. One at a time: the cookie rotates, and the
 * API treats a second use of a rotated cookie as theft and ends the session.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= api
    .POST('/api/v1/auth/refresh', { params: { header: CSRF } })
    .then(({ data }) => {
      if (data) session.start(data);
      else session.end();
      return Boolean(data);
    })
    .catch(() => {
      // Offline: keep whatever session there is and let the pages say what failed.
      session.ready = true;
      return false;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

let restoring: Promise<boolean> | undefined;

/**
 * The tab's first refresh, restoring the session after a reload; later callers wait for the same
 * one. Load functions whose data depends on the visitor await it in the browser, so they ask as
 * the signed-in visitor from the start (the server renders every page for nobody).
 */
export function restoreSession(): Promise<boolean> {
  return (restoring ??= refreshSession());
}
