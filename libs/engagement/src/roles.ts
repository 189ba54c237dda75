import type { Role } from '@kizuna/contracts';

/** Why a role change is refused; `null` when it is allowed. */
export type RoleChangeRefusal = 'not-staff' | 'owner-only' | 'last-owner' | null;

export interface RoleChange {
  actor: Role;
  /** The target's current role. */
  from: Role;
  to: Role;
  /** Owners in the community before the change. */
  ownerCount: number;
}

const OWNER_ONLY: readonly Role[] = ['owner', 'manager'];

/**
 * Who may change whose role. Managers run day-to-day membership (member, moderator, analyst);
 * only an owner may make or unmake managers and owners, and a community never loses its last owner.
 */
export function refuseRoleChange({ actor, from, to, ownerCount }: RoleChange): RoleChangeRefusal {
  if (actor !== 'owner' && actor !== 'manager') return 'not-staff';
  if (actor !== 'owner' && (OWNER_ONLY.includes(from) || OWNER_ONLY.includes(to))) return 'owner-only';
  if (from === 'owner' && to !== 'owner' && ownerCount <= 1) return 'last-owner';
  return null;
}
