import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { loadApi, restoreSession } from '$lib/api';
import { parsePeriod } from '$lib/profiles';
import { SESSION } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  // The visitor's own row is marked, and whether they are a member decides the link to their profile.
  event.depends(SESSION);
  if (browser) await restoreSession();
  const api = loadApi(event);
  const { slug } = event.params;
  const period = parsePeriod(event.url.searchParams.get('period'));
  const [community, entries] = await Promise.all([
    api.GET('/api/v1/communities/{slug}', { params: { path: { slug } } }),
    api.GET('/api/v1/communities/{slug}/leaderboard', { params: { path: { slug }, query: { period } } }),
  ]);
  if (!community.data) error(community.response.status);
  if (!entries.data) error(entries.response.status);
  return { community: community.data, period, entries: entries.data };
};
