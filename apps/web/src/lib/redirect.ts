/** Pages not worth coming back to after signing in (or whose one-time link is spent by then). */
const NO_RETURN = new Set(['/', '/signin', '/signup', '/forgot-password', '/reset-password', '/verify-email']);

/** `href` (the sign-in or sign-up page) with a way back to `from`, the page the visitor is on. */
export function withReturn(href: string, from: URL): string {
  return NO_RETURN.has(from.pathname) ? href : `${href}?redirect=${encodeURIComponent(from.pathname + from.search)}`;
}

/** Where to go after signing in: the `redirect` parameter when it is a path on this site, else home. */
export function returnTo(url: URL): string {
  const target = url.searchParams.get('redirect') ?? '/';
  return /^\/(?![/\\])/.test(target) ? target : '/';
}
