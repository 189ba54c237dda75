import type { Lang } from './i18n/index.svelte';

/** A name the API gives in both languages (badges, titles, ranks). */
export interface LocalizedName {
  ja: string;
  en: string;
}

export const LEADERBOARD_PERIODS = ['all', '30d', '7d'] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];

/** The period a `?period=` asks for; all time when it is missing or unknown. */
export const parsePeriod = (value: string | null): LeaderboardPeriod => LEADERBOARD_PERIODS.find((period) => period === value) ?? 'all';

export const profilePath = (slug: string, userId: string): string => `/c/${encodeURIComponent(slug)}/members/${encodeURIComponent(userId)}`;

export const leaderboardPath = (slug: string, period: LeaderboardPeriod = 'all'): string =>
  `/c/${encodeURIComponent(slug)}/leaderboard${period === 'all' ? '' : `?period=${period}`}`;

/** Text the API gives either once or in both languages, in `lang`. */
export const inLang = (text: string | LocalizedName, lang: Lang): string => (typeof text === 'string' ? text : text[lang]);

/** A badge icon is an emoji or an https image URL. */
export const isImageIcon = (icon: string): boolean => /^https:\/\//i.test(icon);

/** The badge tiers, lowest first. */
export const TIERS = ['bronze', 'silver', 'gold'] as const;
export type Tier = (typeof TIERS)[number];

/** A tier the API names, or bronze for one this page does not know (the API's type is a plain string in places). */
export const tierOf = (tier: string): Tier => TIERS.find((known) => known === tier) ?? 'bronze';

/**
 * Load functions showing the visitor's own recognition (badges held, progress, titles, perks)
 * declare `depends(RECOGNITION)`; a badge awarded while the page is open invalidates it.
 */
export const RECOGNITION = 'kizuna:recognition';
