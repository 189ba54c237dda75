import { createContext } from 'svelte';
import type { ApiFailure } from '../errors';
import { en } from './en';
import { ja, type MessageKey, type Messages } from './ja';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const LANG_COOKIE = 'lang';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

const dictionaries: Record<Lang, Messages> = { ja, en };

/** The language a `lang` cookie asks for; Japanese when it is missing or unknown. */
export function parseLang(value: string | undefined): Lang {
  return LANGS.find((lang) => lang === value) ?? 'ja';
}

/**
 * The page language. Shared through Svelte context rather than a module variable because on the
 * server one module instance renders every visitor's request.
 */
export class I18n {
  lang = $state<Lang>('ja');

  constructor(lang: Lang) {
    this.lang = lang;
  }

  /** The message for `key` in the current language, with `{name}` placeholders filled. */
  t = (key: MessageKey, params: Record<string, string | number> = {}): string =>
    dictionaries[this.lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

  /** Switches language in place (no reload) and remembers the choice for a year. */
  setLang(lang: Lang): void {
    this.lang = lang;
    document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=${ONE_YEAR_SECONDS}; samesite=lax`;
    document.documentElement.lang = lang;
  }

  /**
   * A failure shown for the whole form: for invalid input, what is wrong with the first field;
   * otherwise the translated code, else the API's own words.
   */
  failureMessage = (failure: ApiFailure): string => {
    const [field] = Object.keys(failure.fields);
    if (failure.code === 'VALIDATION_FAILED' && field) return this.fieldMessage(failure, field)!;
    return this.lookup(`error.${failure.code}`, failure) ?? (failure.message || this.t('error.unknown'));
  };

  /**
   * The message for one field of a failure, or undefined when the field is fine: a translation
   * for this field and code, else for the code (a generic "check your input" says less than the
   * API's message for the field), else the API's message.
   */
  fieldMessage = (failure: ApiFailure | null, field: string): string | undefined => {
    const messages = failure?.fields[field];
    if (!failure || !messages?.length) return undefined;
    const byCode = failure.code === 'VALIDATION_FAILED' ? undefined : this.lookup(`error.${failure.code}`, failure);
    return this.lookup(`error.${field}.${failure.code}`, failure) ?? byCode ?? messages[0];
  };

  /** Dates and times in this language, in the community's time zone (the same on the server and in the browser). */
  formatDate = (iso: string, timeZone: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string =>
    new Intl.DateTimeFormat(this.lang, { ...options, timeZone }).format(new Date(iso));

  /** Names as a list in this language: 「さくら、はると」, "Sakura and Haruto". */
  formatList = (items: string[]): string => new Intl.ListFormat(this.lang, { type: 'conjunction' }).format(items);

  /**
   * How long ago (or how soon) `iso` is from `now`: "3分前", "yesterday"; beyond a week the date
   * itself. Times never come from the future here, so the few seconds a clock may be ahead read "now".
   */
  relativeTime = (iso: string, timeZone: string, now: number): string => {
    const seconds = (Date.parse(iso) - now) / 1000;
    const distance = Math.abs(seconds);
    const format = new Intl.RelativeTimeFormat(this.lang, { numeric: 'auto' });
    if (distance < 45) return format.format(0, 'second');
    if (distance < 45 * 60) return format.format(Math.round(seconds / 60), 'minute');
    if (distance < 22 * 3600) return format.format(Math.round(seconds / 3600), 'hour');
    if (distance < 7 * 86400) return format.format(Math.round(seconds / 86400), 'day');
    return this.formatDate(iso, timeZone, { dateStyle: 'medium' });
  };

  /** A message about a failure, with what it tells filled in: `{minutes}` to wait after a 429. */
  private lookup(key: string, failure: ApiFailure): string | undefined {
    const minutes = Math.max(1, Math.ceil((failure.retryAfter ?? 60) / 60));
    return key in ja ? this.t(key as MessageKey, { minutes }) : undefined;
  }
}

export const [getI18n, setI18n] = createContext<I18n>();
