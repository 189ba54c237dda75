import { error } from '@sveltejs/kit';
import { loadApi } from '$lib/api';
import type { PageLoad } from './$types';

/** The audit log's first page, with the filters of the URL (`?type=&from=&to=`). */
export const load: PageLoad = async (event) => {
  const { staff } = await event.parent();
  const params = event.url.searchParams;
  const filters = { type: params.get('type') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
  if (!staff) return { filters, page: null };
  const query = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
  const { data, response } = await loadApi(event).GET('/api/v1/communities/{slug}/audit', { params: { path: { slug: event.params.slug }, query } });
  if (response.status === 400) return { filters, page: null, invalid: true };
  if (!data) error(response.status);
  return { filters, page: data };
};
