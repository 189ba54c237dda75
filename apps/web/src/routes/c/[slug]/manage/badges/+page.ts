import { error } from '@sveltejs/kit';
import { loadApi } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  const { staff } = await event.parent();
  // Only owners and managers get the console (the layout says so to anyone else).
  if (!staff) return { badges: null };
  const { data, response } = await loadApi(event).GET('/api/v1/communities/{slug}/badges', { params: { path: { slug: event.params.slug } } });
  if (!data) error(response.status);
  return { badges: data };
};
