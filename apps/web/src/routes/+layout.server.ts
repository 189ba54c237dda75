import type { LayoutServerLoad } from './$types';

/** The language chosen by the `lang` cookie (read in hooks.server.ts), so the first render is already in it. */
export const load: LayoutServerLoad = ({ locals }) => ({ lang: locals.lang });
