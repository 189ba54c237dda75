import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

/** The console starts with the badges. */
export const load: PageLoad = ({ params }) => redirect(307, `/c/${encodeURIComponent(params.slug)}/manage/badges`);
