import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { loadApi, restoreSession } from '$lib/api';
import { RECOGNITION } from '$lib/profiles';
import { session, SESSION } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  // Badge progress, and the title picker and perks on one's own profile, depend on who asks.
  event.depends(SESSION);
  // Asked for again when a badge is awarded to the visitor while the page is open.
  event.depends(RECOGNITION);
  if (browser) await restoreSession();
  const api = loadApi(event);
  const { slug, userId } = event.params;
  const path = { slug };
  // Titles and perks are the signed-in member's own: nobody is signed in on the server, so they are asked for in the browser.
  const own = session.user?.id === userId;
  const [community, profile, badges, titles, perks] = await Promise.all([
    api.GET('/api/v1/communities/{slug}', { params: { path } }),
    api.GET('/api/v1/communities/{slug}/members/{userId}', { params: { path: { slug, userId } } }),
    api.GET('/api/v1/communities/{slug}/badges', { params: { path } }),
    own ? api.GET('/api/v1/communities/{slug}/me/title', { params: { path } }) : undefined,
    own ? api.GET('/api/v1/communities/{slug}/me/perks', { params: { path } }) : undefined,
  ]);
  if (!community.data) error(community.response.status);
  if (!profile.data) error(profile.response.status);
  if (!badges.data) error(badges.response.status);
  return {
    community: community.data,
    profile: profile.data,
    badges: badges.data,
    own: own && community.data.viewer.role !== null,
    // The profile still shows when one of these fails: their sections say so.
    titles: titles?.data ?? null,
    perks: perks?.data ?? null,
  };
};
