import { Transform } from 'class-transformer';

/** Trims strings; leaves other types for the validators to refuse. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Emails compare trimmed and lower-cased (NFKC first, so full-width input matches). */
export const NormaliseEmail = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFKC').trim().toLowerCase() : value));

/** No control characters (tabs and newlines included) in one-line text such as names and titles. */
export const SINGLE_LINE = /^[^\p{Cc}\p{Cs}]*$/u;
