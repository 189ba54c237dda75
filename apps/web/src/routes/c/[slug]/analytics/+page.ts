import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { canReadAnalytics, parseRange } from '$lib/analytics';
import { loadApi, restoreSession } from '$lib/api';
import { session, SESSION } from '$lib/session.svelte';
import type { PageLoad } from './$types';

/**
 * The analytics dashboard: the community and the period (`?from=&to=`, the last 30 days by
 * default). The panels load in the browser, each on its own (see +page.svelte): nobody is signed
 * in on the server, and one slow or failing figure must not hold up or blank the rest.
 */
export const load: PageLoad = async (event) => {
  event.depends(SESSION);
  if (browser) await restoreSession();
  const { data: community, response } = await loadApi(event).GET('/api/v1/communities/{slug}', { params: { path: { slug: event.params.slug } } });
  if (!community) error(response.status);
  const range = parseRange(event.url.searchParams.get('from'), event.url.searchParams.get('to'), community.timeZone);
  const signedIn = Boolean(session.user);
  return { community, range, allowed: signedIn && canReadAnalytics(community.viewer.role) };
};
