import { error } from '@sveltejs/kit';
import { loadApi } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  const { crm } = await event.parent();
  // Owners, managers and analysts read a customer's 360° view (the layout says so to anyone else).
  if (!crm) return { contact: null };
  const { slug, contactId } = event.params;
  const { data, response } = await loadApi(event).GET('/api/v1/communities/{slug}/crm/contacts/{contactId}', { params: { path: { slug, contactId } } });
  if (!data) error(response.status);
  return { contact: data };
};
