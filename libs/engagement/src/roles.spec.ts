import type { Role } from '@kizuna/contracts';
import { refuseRoleChange, type RoleChangeRefusal } from './roles';

describe('refuseRoleChange', () => {
  const cases: Array<[Role, Role, Role, number, RoleChangeRefusal]> = [
    // actor, from, to, owners, expected
    ['owner', 'member', 'moderator', 1, null],
    ['owner', 'member', 'manager', 1, null],
    ['owner', 'member', 'owner', 1, null],
    ['owner', 'owner', 'member', 2, null],
    ['owner', 'owner', 'manager', 1, 'last-owner'],
    ['owner', 'owner', 'owner', 1, null],
    ['manager', 'member', 'moderator', 1, null],
    ['manager', 'member', 'analyst', 1, null],
    ['manager', 'moderator', 'member', 1, null],
    ['manager', 'member', 'manager', 1, 'owner-only'],
    ['manager', 'manager', 'member', 1, 'owner-only'],
    ['manager', 'owner', 'member', 2, 'owner-only'],
    ['manager', 'member', 'owner', 1, 'owner-only'],
    ['moderator', 'member', 'moderator', 1, 'not-staff'],
    ['analyst', 'member', 'analyst', 1, 'not-staff'],
    ['member', 'member', 'owner', 1, 'not-staff'],
  ];

  it.each(cases)('%s changing %s → %s with %i owner(s): %s', (actor, from, to, ownerCount, expected) => {
    expect(refuseRoleChange({ actor, from, to, ownerCount })).toBe(expected);
  });
});
