import { error } from '@sveltejs/kit';
import { loadApi } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  const { crm } = await event.parent();
  // Owners, managers and analysts read the imports (the layout says so to anyone else); only the first two start one.
  if (!crm) return { imports: null };
  const { data, response } = await loadApi(event).GET('/api/v1/communities/{slug}/crm/imports', { params: { path: { slug: event.params.slug } } });
  if (!data) error(response.status);
  return { imports: data };
};
