import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { loadApi, restoreSession } from '$lib/api';
import { session, SESSION } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  event.depends(SESSION);
  if (browser) await restoreSession();
  const api = loadApi(event);
  const path = { slug: event.params.slug };
  // The queue is for signed-in moderators: nobody is signed in on the server, so it is asked for in the browser.
  const [community, queue] = await Promise.all([
    api.GET('/api/v1/communities/{slug}', { params: { path } }),
    session.user ? api.GET('/api/v1/communities/{slug}/moderation/queue', { params: { path } }) : undefined,
  ]);
  if (!community.data) error(community.response.status);
  if (queue && !queue.data) error(queue.response.status);
  return { community: community.data, queue: queue?.data ?? null };
};
