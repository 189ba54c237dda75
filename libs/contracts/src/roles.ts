/** A member's role in one community. A user has one membership (and so one role) per community. */
export const ROLES = ['member', 'moderator', 'manager', 'analyst', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may run the community: configure it and manage members. */
export const STAFF_ROLES: readonly Role[] = ['owner', 'manager'];
/** Roles that may moderate content. */
export const MODERATION_ROLES: readonly Role[] = ['owner', 'manager', 'moderator'];
/** Roles that may read analytics and CRM data. */
export const ANALYTICS_ROLES: readonly Role[] = ['owner', 'manager', 'analyst'];
