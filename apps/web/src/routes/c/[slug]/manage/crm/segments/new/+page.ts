import { loadApi } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  const { crm } = await event.parent();
  // Owners, managers and analysts build segments (the layout says so to anyone else).
  if (!crm) return { lookup: { ranks: [], badges: [] } };
  const api = loadApi(event);
  const path = { slug: event.params.slug };
  // The rank and badge conditions choose from these.
  const [settings, badges] = await Promise.all([
    api.GET('/api/v1/communities/{slug}/recognition/settings', { params: { path } }),
    api.GET('/api/v1/communities/{slug}/badges', { params: { path } }),
  ]);
  return { lookup: { ranks: settings.data?.ranks ?? [], badges: badges.data ?? [] } };
};
