import { error } from '@sveltejs/kit';
import { loadApi } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  const { staff } = await event.parent();
  // Only owners and managers get the console (the layout says so to anyone else).
  if (!staff) return { perks: null, badges: [], ranks: [], boards: [] };
  const api = loadApi(event);
  const path = { slug: event.params.slug };
  // The perks, and what the form offers: badges and ranks that unlock one, boards it may open.
  const [perks, badges, settings, boards] = await Promise.all([
    api.GET('/api/v1/communities/{slug}/perks', { params: { path } }),
    api.GET('/api/v1/communities/{slug}/badges', { params: { path } }),
    api.GET('/api/v1/communities/{slug}/recognition/settings', { params: { path } }),
    api.GET('/api/v1/communities/{slug}/boards', { params: { path } }),
  ]);
  for (const answer of [perks, badges, settings, boards]) if (!answer.data) error(answer.response.status);
  return { perks: perks.data!, badges: badges.data!, ranks: settings.data!.ranks, boards: boards.data! };
};
