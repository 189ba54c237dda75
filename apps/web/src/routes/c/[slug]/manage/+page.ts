import { redirect } from '@sveltejs/kit';
import { browser } from '$app/environment';
import type { PageLoad } from './$types';

/**
 * The console starts with the badges; for analysts, who read the CRM only, with the customers.
 * Who is who is known in the browser only (the server renders every page for nobody): there the
 * page is empty until the browser decides.
 */
export const load: PageLoad = async ({ params, parent }) => {
  if (!browser) return {};
  const { staff, crm } = await parent();
  const slug = encodeURIComponent(params.slug);
  redirect(307, crm && !staff ? `/c/${slug}/manage/crm/contacts` : `/c/${slug}/manage/badges`);
};
