import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';

/** Trims strings; leaves other types for the validators to refuse. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Emails compare trimmed and lower-cased (NFKC first, so full-width input matches). */
export const NormaliseEmail = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFKC').trim().toLowerCase() : value));

/** No control characters (tabs and newlines included) in one-line text such as names and titles. */
export const SINGLE_LINE = /^[^\p{Cc}\p{Cs}]*$/u;

/**
 * A trimmed one-line text (a name, a title) of `min` to `max` characters — counted as characters
 * (code points), so Japanese and emoji count once — without control characters.
 */
export const OneLine = (field: string, min: number, max: number) =>
  applyDecorators(
    Trim(),
    IsString(),
    Matches(new RegExp(`^[\\s\\S]{${min},${max}}$`, 'u'), { message: `${field} must be ${min} to ${max} characters` }),
    Matches(SINGLE_LINE, { message: `${field} must not contain control characters` }),
  );
