import { randomBytes } from 'node:crypto';
import { createKizunaClient } from '@kizuna/api-client';

export interface Account {
  email: string;
  password: string;
  displayName: string;
}

/** A fresh account's details: unique email, a password the API accepts, a Japanese display name. */
export function newAccount(displayName = 'さくら'): Account {
  const id = randomBytes(5).toString('hex');
  return { email: `fan-${id}@example.com`, password: `hanabi-${randomBytes(6).toString('base64url')}-絆`, displayName: `${displayName}${id.slice(0, 4)}` };
}

/** Registers an account through the API (for tests whose subject is not sign-up itself). */
export async function registerAccount(apiUrl: string, account: Account = newAccount()): Promise<Account> {
  const api = createKizunaClient({ baseUrl: apiUrl });
  const { response } = await api.POST('/api/v1/auth/register', { body: { ...account, locale: 'ja' } });
  if (response.status !== 201) throw new Error(`register ${account.email}: ${response.status} ${await response.text()}`);
  return account;
}
