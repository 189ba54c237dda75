/**
 * The socket.io contract between the API gateway and its clients (web app, tests). Connect to
 * `/socket.io` with `auth: { token: <accessToken> }`; each socket is in `user:<id>`.
 */
export type RoomName = `community:${string}` | `board:${string}` | `thread:${string}`;

export interface Ack {
  ok: boolean;
  error?: string;
}

export interface AuthorView {
  id: string;
  displayName: string;
  /** The title (称号) the author shows in this community. */
  title: { ja: string; en: string } | null;
}

export interface ThreadCreatedEvent {
  threadId: string;
  boardId: string;
  title: string;
  author: AuthorView | null;
  createdAt: string;
}

export interface PostCreatedEvent {
  threadId: string;
  postId: string;
  seq: number;
  author: AuthorView | null;
  bodyHtml: string;
  replyToPostId: string | null;
  createdAt: string;
}

export interface PostUpdatedEvent {
  threadId: string;
  postId: string;
  /** `null` when the post was deleted or hidden. */
  bodyHtml: string | null;
  deleted: boolean;
  hidden: boolean;
  revision: number;
}

export interface ReactionUpdatedEvent {
  threadId: string;
  postId: string;
  emoji: string;
  count: number;
}

export interface BadgeAwardedEvent {
  badgeId: string;
  key: string;
  icon: string;
  tier: string;
  name: { ja: string; en: string };
  communitySlug: string;
  /** The title (称号) the badge lets the fan show, if any. */
  title: { ja: string; en: string } | null;
}

/** Progress of a CRM import, to the person who started it. */
export interface ImportProgressEvent {
  id: string;
  kind: string;
  status: string;
  rowsTotal: number;
  rowsDone: number;
  inserted: number;
  updated: number;
  skipped: number;
  errorCount: number;
}

export interface NotificationEvent {
  id: string;
  type: NotificationType;
  unreadCount: number;
}

export interface PresenceEvent {
  room: RoomName;
  /** Distinct people in the room. */
  count: number;
  /** Display names of up to 20 of them. */
  names: string[];
}

export interface TypingEvent {
  threadId: string;
  user: Omit<AuthorView, 'title'>;
}

export const NOTIFICATION_TYPES = ['reply', 'mention', 'reaction', 'badge'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface ServerToClientEvents {
  'thread.created': (event: ThreadCreatedEvent) => void;
  'post.created': (event: PostCreatedEvent) => void;
  'post.updated': (event: PostUpdatedEvent) => void;
  'reaction.updated': (event: ReactionUpdatedEvent) => void;
  'badge.awarded': (event: BadgeAwardedEvent) => void;
  'import.progress': (event: ImportProgressEvent) => void;
  notification: (event: NotificationEvent) => void;
  presence: (event: PresenceEvent) => void;
  typing: (event: TypingEvent) => void;
}

export interface ClientToServerEvents {
  subscribe: (payload: { room: RoomName }, ack: (result: Ack) => void) => void;
  unsubscribe: (payload: { room: RoomName }, ack: (result: Ack) => void) => void;
  typing: (payload: { threadId: string }, ack?: (result: Ack) => void) => void;
}
