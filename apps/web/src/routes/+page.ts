import { error } from '@sveltejs/kit';
import { loadApi } from '$lib/api';
import type { PageLoad } from './$types';

const DEMO_SLUG = 'kizuna-fans';

export const load: PageLoad = async (event) => {
  const api = loadApi(event);
  const cursor = event.url.searchParams.get('cursor') ?? undefined;
  const [list, demo] = await Promise.all([
    api.GET('/api/v1/communities', { params: { query: { cursor, limit: 50 } } }),
    api.GET('/api/v1/communities/{slug}', { params: { path: { slug: DEMO_SLUG } } }),
  ]);
  if (!list.data) error(list.response.status);
  return { communities: list.data.items, nextCursor: list.data.nextCursor, demo: demo.data ?? null };
};
