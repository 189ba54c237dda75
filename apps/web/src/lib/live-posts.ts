import type { AuthorView, PostCreatedEvent, PostUpdatedEvent } from '@kizuna/contracts';
import { api } from './api';
import type { Post } from './boards';
import { type ApiFailure, toFailure } from './errors';
import type { LocalizedName } from './profiles';

/** Who is looking at the thread: what the API would have worked out for them. */
export interface Viewer {
  userId: string | null;
  member: boolean;
  moderator: boolean;
}

/**
 * The title an event's author shows: the event's own, else (an event from an API that sends none)
 * the one their other posts on the page show, else none.
 */
function titleOf(author: AuthorView, known: readonly Post[]): LocalizedName | null {
  if (author.title !== undefined) return author.title;
  return known.find((post) => post.author?.id === author.id)?.author?.title ?? null;
}

/**
 * A post from a `post.created` event, filled in as the API fills it for this viewer. The event
 * carries no Markdown: `bodyMarkdown` stays null until quoting or editing needs it (`isPartial`).
 * `known`: the posts on the page, whose authors' titles stand in for one the event does not carry.
 */
export function postFromEvent(event: PostCreatedEvent, viewer: Viewer, emojis: readonly string[], known: readonly Post[] = []): Post {
  const own = viewer.userId !== null && event.author?.id === viewer.userId;
  return {
    id: event.postId,
    threadId: event.threadId,
    seq: event.seq,
    author: event.author && { id: event.author.id, displayName: event.author.displayName, title: titleOf(event.author, known) },
    replyToPostId: event.replyToPostId,
    bodyHtml: event.bodyHtml,
    bodyMarkdown: null,
    // Members are offered every reaction; others see only those given (none yet).
    reactions: viewer.member ? emojis.map((emoji) => ({ emoji, count: 0, reacted: false })) : [],
    revision: 1,
    editedAt: null,
    deleted: false,
    hidden: false,
    hiddenReason: null,
    flagCount: 0,
    canEdit: viewer.member && (own || viewer.moderator),
    createdAt: event.createdAt,
  };
}

/** A readable post whose Markdown source this page does not have yet (it came from an event). */
export const isPartial = (post: Post): boolean => !post.deleted && post.bodyHtml !== null && post.bodyMarkdown === null;

/** `posts` with `incoming` added or replacing the copies with their ids, in thread order. */
export function mergePosts(posts: readonly Post[], incoming: readonly Post[]): Post[] {
  const byId = new Map(posts.map((post) => [post.id, post]));
  for (const post of incoming) byId.set(post.id, post);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The post after a `post.updated` event, or `'refetch'` when the event cannot say what this viewer
 * sees: its author and the moderators still read a hidden post, and learn why it was hidden.
 * Events may come twice or late: an edit applies only when its revision is newer.
 */
export function withUpdate(post: Post, event: PostUpdatedEvent, viewer: Viewer): Post | 'refetch' {
  if (event.deleted) return { ...post, deleted: true, bodyHtml: null, bodyMarkdown: null, reactions: [], canEdit: false };
  const newer = event.revision > post.revision;
  const privileged = viewer.moderator || (viewer.userId !== null && post.author?.id === viewer.userId);
  if (privileged && (event.hidden !== post.hidden || (newer && event.bodyHtml === null))) return 'refetch';
  if (!newer && event.hidden === post.hidden) return post;
  return {
    ...post,
    hidden: event.hidden,
    hiddenReason: event.hidden ? post.hiddenReason : null,
    // Hidden from this viewer: the event's null body is what they may see.
    bodyHtml: privileged ? (event.bodyHtml ?? post.bodyHtml) : event.bodyHtml,
    bodyMarkdown: newer || event.bodyHtml === null ? null : post.bodyMarkdown,
    revision: Math.max(post.revision, event.revision),
    editedAt: newer ? (post.editedAt ?? new Date().toISOString()) : post.editedAt,
  };
}

/** The post with the count of one reaction set (the viewer's own `reacted` flag is theirs to change). */
export function withReactionCount(post: Post, emoji: string, count: number, emojis: readonly string[]): Post {
  if (post.deleted) return post;
  const known = post.reactions.some((reaction) => reaction.emoji === emoji);
  const reactions = known
    ? post.reactions.map((reaction) => (reaction.emoji === emoji ? { ...reaction, count } : reaction))
    : [...post.reactions, { emoji, count, reacted: false }].sort((a, b) => emojis.indexOf(a.emoji) - emojis.indexOf(b.emoji));
  return { ...post, reactions };
}

/**
 * The post as the API shows it to this viewer, Markdown included: for one that came from an event
 * (to quote or edit it) or whose change the event could not describe. One request, by position.
 */
export async function fetchPost(post: Pick<Post, 'id' | 'threadId' | 'seq'>): Promise<{ post: Post } | { failure: ApiFailure }> {
  const { data, error, response } = await api.GET('/api/v1/threads/{threadId}/posts', {
    params: { path: { threadId: post.threadId }, query: { afterSeq: post.seq - 1, limit: 1 } },
  });
  if (!data) return { failure: toFailure(error, response) };
  const full = data.items.find((item) => item.id === post.id);
  return full ? { post: full } : { failure: { status: 404, code: 'NOT_FOUND', message: '', fields: {} } };
}
