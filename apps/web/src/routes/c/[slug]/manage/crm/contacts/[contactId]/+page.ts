import { error } from '@sveltejs/kit';
import { loadApi } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  const { crm } = await event.parent();
  // Owners, managers and analysts read a customer's 360° view (the layout says so to anyone else).
  if (!crm) return { contact: null, consentHistory: null };
  const { slug, contactId } = event.params;
  const client = loadApi(event);
  const params = { params: { path: { slug, contactId } } };
  const [{ data, response }, history] = await Promise.all([
    client.GET('/api/v1/communities/{slug}/crm/contacts/{contactId}', params),
    client.GET('/api/v1/communities/{slug}/crm/contacts/{contactId}/consent-history', params),
  ]);
  if (!data) error(response.status);
  // The timeline is a detail of the page: without it the rest still shows, saying so.
  return { contact: data, consentHistory: history.data ?? null };
};
