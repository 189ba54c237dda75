import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { loadApi, restoreSession } from '$lib/api';
import { SESSION } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  // Authors also find their own hidden posts, moderators everything.
  event.depends(SESSION);
  if (browser) await restoreSession();
  const api = loadApi(event);
  const { slug } = event.params;
  const q = (event.url.searchParams.get('q') ?? '').trim();
  const [community, results] = await Promise.all([
    api.GET('/api/v1/communities/{slug}', { params: { path: { slug } } }),
    q ? api.GET('/api/v1/communities/{slug}/search', { params: { path: { slug }, query: { q } } }) : undefined,
  ]);
  if (!community.data) error(community.response.status);
  // A query the API refuses (too long) is the visitor's to fix, on this page.
  const invalid = results?.response.status === 400;
  if (results && !results.data && !invalid) error(results.response.status);
  return { community: community.data, q, results: results?.data ?? null, invalid };
};
