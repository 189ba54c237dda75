import { env } from '$env/dynamic/private';
import type { ApiErrorBody } from '@kizuna/contracts';
import { json, type Handle, type RequestEvent } from '@sveltejs/kit';
import { LANG_COOKIE, parseLang } from '$lib/i18n/index.svelte';

const API_URL = (env.API_URL || 'http://127.0.0.1:3000').replace(/\/$/, '');

/** Headers about one connection rather than the message: a proxy never forwards them (RFC 9110 §7.6.1). */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/**
 * `/api/*` is passed through to the API, so the browser only ever talks to this origin: the
 * refresh cookie stays first-party and no CORS is needed. Everything else is a page, rendered in
 * the language of the `lang` cookie.
 */
export const handle: Handle = async ({ event, resolve }) => {
  if (event.url.pathname.startsWith('/api/')) return proxy(event);
  const lang = parseLang(event.cookies.get(LANG_COOKIE));
  event.locals.lang = lang;
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', lang),
    // openapi-fetch reads Content-Length to tell an empty body from JSON.
    filterSerializedResponseHeaders: (name) => name === 'content-length' || name === 'content-type',
  });
};

async function proxy(event: RequestEvent): Promise<Response> {
  const { request, url } = event;
  const headers = new Headers(request.headers);
  // `host` names this server; `expect: 100-continue` has been answered already and fetch refuses it.
  for (const name of [...HOP_BY_HOP, 'host', 'expect']) headers.delete(name);
  headers.set('x-forwarded-for', event.getClientAddress());
  headers.set('x-forwarded-proto', url.protocol.slice(0, -1));
  headers.set('x-forwarded-host', url.host);
  let upstream: Response;
  try {
    upstream = await fetch(`${API_URL}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    // A body over BODY_SIZE_LIMIT fails on its way in: the request's fault, not the API's.
    if ((error as { cause?: { status?: unknown } }).cause?.status === 413) {
      return failure(413, 'Payload Too Large', 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    }
    return failure(502, 'Bad Gateway', 'API_UNAVAILABLE', 'The API cannot be reached');
  }
  const responseHeaders = new Headers(upstream.headers);
  // fetch has already decoded a compressed body, so its encoding and length no longer apply.
  for (const name of [...HOP_BY_HOP, 'content-encoding', 'content-length']) responseHeaders.delete(name);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}

/** An error in the API's own shape, for failures the proxy meets before the API answers. */
function failure(statusCode: number, error: string, code: string, message: string): Response {
  return json({ statusCode, error, code, message } satisfies ApiErrorBody, { status: statusCode });
}
