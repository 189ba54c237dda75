import type { ContactEntity } from './contact.entity';

/**
 * The personal fields of a customer record, named once: what an import row may fill, what the
 * import compares and writes, what a person's export shows and what erasure clears.
 */
export const CONTACT_FIELDS = ['email', 'familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'phone', 'birthDate', 'gender', 'region', 'customerNumber'] as const;

export type ContactField = (typeof CONTACT_FIELDS)[number];
export type ContactFields = Pick<ContactEntity, ContactField>;

/** A record with none of them: the column defaults, and what erasure leaves. */
export const EMPTY_CONTACT_FIELDS: Readonly<ContactFields> = Object.freeze({
  email: null,
  familyName: '',
  givenName: '',
  familyNameKana: '',
  givenNameKana: '',
  phone: null,
  birthDate: null,
  gender: null,
  region: null,
  customerNumber: null,
});

export function pickContactFields(contact: ContactFields): ContactFields {
  const picked = {} as Record<ContactField, string | null>;
  for (const field of CONTACT_FIELDS) picked[field] = contact[field];
  return picked as ContactFields;
}
