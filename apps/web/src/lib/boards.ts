import type { Schemas } from '@kizuna/api-client';
import { MODERATION_ROLES, type Role, STAFF_ROLES } from '@kizuna/contracts';

export type Board = Schemas['BoardResponse'];
export type Thread = Schemas['ThreadResponse'];
export type Post = Schemas['PostResponse'];
export type FlagReason = Schemas['FlagDto']['reason'];

/** The API's limits, in characters (code points, as the API counts them). */
export const TITLE_MAX = 120;
export const BODY_MAX = 20_000;

export const FLAG_REASONS: readonly FlagReason[] = ['spam', 'inappropriate', 'off-topic', 'harassment', 'other'];

/** Characters as the API counts them: an emoji or a kanji is one, whatever its UTF-16 length. */
export const charCount = (text: string): number => [...text].length;

/** Whether a post or title body is acceptable: something other than spaces, within `max` characters. */
export const fits = (text: string, max: number): boolean => /\S/.test(text) && charCount(text) <= max;

export const isModerator = (role: Role | null | undefined): boolean => MODERATION_ROLES.includes(role as Role);
export const isStaff = (role: Role | null | undefined): boolean => STAFF_ROLES.includes(role as Role);

/**
 * What a member has not read of a thread: `'new'` when never opened, the number of posts after
 * their read position, or 0.
 */
export function unread(thread: Pick<Thread, 'lastSeq' | 'lastReadSeq'>): 'new' | number {
  if (thread.lastReadSeq === null) return 'new';
  return Math.max(0, thread.lastSeq - thread.lastReadSeq);
}

export const threadPath = (slug: string, threadId: string, seq?: number | null): string =>
  `/c/${encodeURIComponent(slug)}/t/${threadId}${seq ? `#post-${seq}` : ''}`;

/** A Markdown quote of `post` naming its author, to start a reply with. */
export function quoteOf(post: Post, authorName: string): string {
  const lines = (post.bodyMarkdown ?? '').trim().split('\n');
  return `> @${authorName}:\n${lines.map((line) => (line ? `> ${line}` : '>')).join('\n')}\n\n`;
}

/** A short, stable hue for someone's avatar, from their id. */
export function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return hash;
}
