import { error, redirect } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { loadApi, restoreSession } from '$lib/api';
import { threadPath } from '$lib/boards';
import { SESSION } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  // What the visitor may do with each post (and whether hidden ones read) depends on who asks.
  event.depends(SESSION);
  if (browser) await restoreSession();
  const api = loadApi(event);
  const { slug, threadId } = event.params;
  const [thread, community] = await Promise.all([
    api.GET('/api/v1/threads/{threadId}', { params: { path: { threadId } } }),
    api.GET('/api/v1/communities/{slug}', { params: { path: { slug } } }),
  ]);
  if (!thread.data) error(thread.response.status);
  if (thread.data.communitySlug !== slug) redirect(308, threadPath(thread.data.communitySlug, threadId));
  if (!community.data) error(community.response.status);
  return { thread: thread.data, community: community.data };
};
