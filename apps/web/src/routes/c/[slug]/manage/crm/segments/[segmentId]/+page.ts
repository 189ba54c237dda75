import { error } from '@sveltejs/kit';
import { loadApi } from '$lib/api';
import { segmentsApi } from '$lib/segments';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  const { crm } = await event.parent();
  // Owners, managers and analysts read a segment (the layout says so to anyone else).
  if (!crm) return { segment: null, contacts: null, contactsFailure: null, lookup: { ranks: [], badges: [] } };
  const api = loadApi(event);
  const { slug, segmentId } = event.params;
  const path = { slug };
  const [segment, contacts, settings, badges] = await Promise.all([
    segmentsApi.get(slug, segmentId, api),
    segmentsApi.contacts(slug, segmentId, null, api),
    api.GET('/api/v1/communities/{slug}/recognition/settings', { params: { path } }),
    api.GET('/api/v1/communities/{slug}/badges', { params: { path } }),
  ]);
  if (!segment.data) error(segment.failure.status || 500);
  return {
    segment: segment.data,
    // The members list says so itself when it cannot be read.
    contacts: contacts.data,
    contactsFailure: contacts.failure,
    lookup: { ranks: settings.data?.ranks ?? [], badges: badges.data ?? [] },
  };
};
