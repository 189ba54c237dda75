import { redirect } from '@sveltejs/kit';
import { crmPath } from '$lib/crm';
import type { PageLoad } from './$types';

/** The CRM starts with the customers. */
export const load: PageLoad = ({ params }) => redirect(307, crmPath(params.slug, '/contacts'));
