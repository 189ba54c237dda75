import { error } from '@sveltejs/kit';
import { loadApi } from '$lib/api';
import { CONSENT_CHANNELS, type ConsentChannel, CONTACTS_PAGE_SIZE } from '$lib/crm';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  const { crm } = await event.parent();
  const search = event.url.searchParams;
  const linkedParam = search.get('linked');
  const consentParam = search.get('consent');
  const filters = {
    q: (search.get('q') ?? '').trim(),
    linked: linkedParam === 'true' || linkedParam === 'false' ? linkedParam : '',
    consent: (CONSENT_CHANNELS as readonly string[]).includes(consentParam ?? '') ? (consentParam as ConsentChannel) : '',
  } as const;
  // Owners, managers and analysts read the customers (the layout says so to anyone else).
  if (!crm) return { filters, contacts: null, invalid: false };
  const { data, response } = await loadApi(event).GET('/api/v1/communities/{slug}/crm/contacts', {
    params: {
      path: { slug: event.params.slug },
      query: {
        q: filters.q || undefined,
        linked: filters.linked ? filters.linked === 'true' : undefined,
        consent: filters.consent || undefined,
        limit: CONTACTS_PAGE_SIZE,
      },
    },
  });
  // A search the API refuses (too long) is the manager's to fix, on this page.
  const invalid = response.status === 400;
  if (!data && !invalid) error(response.status);
  return { filters, contacts: data ?? null, invalid };
};
