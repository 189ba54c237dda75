import { error } from '@sveltejs/kit';
import { loadApi } from '$lib/api';
import { segmentsApi } from '$lib/segments';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  const { crm } = await event.parent();
  // Owners, managers and analysts read the segments (the layout says so to anyone else).
  if (!crm) return { segments: null, failure: null, lookup: { ranks: [], badges: [] } };
  const api = loadApi(event);
  const path = { slug: event.params.slug };
  // Ranks and badges name what the conditions ask for.
  const [segments, settings, badges] = await Promise.all([
    segmentsApi.list(event.params.slug, api),
    api.GET('/api/v1/communities/{slug}/recognition/settings', { params: { path } }),
    api.GET('/api/v1/communities/{slug}/badges', { params: { path } }),
  ]);
  if (segments.failure?.status === 403) error(403);
  return {
    segments: segments.data,
    // Shown on the page (the list could not be read) rather than as an error page.
    failure: segments.failure,
    lookup: { ranks: settings.data?.ranks ?? [], badges: badges.data ?? [] },
  };
};
