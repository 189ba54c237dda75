import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { loadApi, restoreSession } from '$lib/api';
import { SESSION } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  // Unread markers, and whether the visitor may start a thread, depend on who asks.
  event.depends(SESSION);
  if (browser) await restoreSession();
  const api = loadApi(event);
  const { slug, boardId } = event.params;
  const [community, boards, threads] = await Promise.all([
    api.GET('/api/v1/communities/{slug}', { params: { path: { slug } } }),
    api.GET('/api/v1/communities/{slug}/boards', { params: { path: { slug } } }),
    api.GET('/api/v1/boards/{boardId}/threads', { params: { path: { boardId } } }),
  ]);
  if (!community.data) error(community.response.status);
  if (!boards.data) error(boards.response.status);
  // The board must be one of this community's: another community's id is not found here.
  const board = boards.data.find((candidate) => candidate.id === boardId);
  if (!board) error(404);
  if (!threads.data) error(threads.response.status);
  return { community: community.data, board, threads: threads.data };
};
