/**
 * Activity types recorded on the activity spine. Each is written in the same transaction as the
 * domain change it describes and handed to the outbox consumers (realtime, recognition, analytics,
 * webhooks) after commit.
 */
export const ACTIVITY_TYPES = [
  'account.registered',
  'account.email_verified',
  'account.verification_requested',
  'account.password_reset_requested',
  'account.password_reset',
  'community.created',
  'community.updated',
  'member.joined',
  'member.role_changed',
  'board.created',
  'board.updated',
  'thread.created',
  'thread.locked',
  'thread.unlocked',
  'thread.pinned',
  'thread.unpinned',
  'post.created',
  'post.edited',
  'post.deleted',
  'post.hidden',
  'post.unhidden',
  'post.flagged',
  'post.mentioned',
  'reaction.added',
  'reaction.removed',
  'badge.created',
  'badge.updated',
  'badge.awarded',
  'badge.revoked',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
