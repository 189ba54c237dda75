import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { loadApi, restoreSession } from '$lib/api';
import { SESSION } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  // `viewer.role` depends on who asks.
  event.depends(SESSION);
  if (browser) await restoreSession();
  const api = loadApi(event);
  const path = { slug: event.params.slug };
  const [community, boards] = await Promise.all([
    api.GET('/api/v1/communities/{slug}', { params: { path } }),
    api.GET('/api/v1/communities/{slug}/boards', { params: { path } }),
  ]);
  if (!community.data) error(community.response.status);
  if (!boards.data) error(boards.response.status);
  return { community: community.data, boards: boards.data };
};
