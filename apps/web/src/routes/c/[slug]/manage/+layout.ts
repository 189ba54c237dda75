import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { loadApi, restoreSession } from '$lib/api';
import { isStaff } from '$lib/boards';
import { canReadCrm } from '$lib/crm';
import { session, SESSION } from '$lib/session.svelte';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async (event) => {
  // Whether the visitor may manage depends on who asks; nobody is signed in on the server.
  event.depends(SESSION);
  if (browser) await restoreSession();
  const { data: community, response } = await loadApi(event).GET('/api/v1/communities/{slug}', { params: { path: { slug: event.params.slug } } });
  if (!community) error(response.status);
  const signedIn = Boolean(session.user);
  // `staff` (owners, managers) run the whole console; `crm` (also analysts) may read the CRM pages.
  return { community, staff: signedIn && isStaff(community.viewer.role), crm: signedIn && canReadCrm(community.viewer.role) };
};
