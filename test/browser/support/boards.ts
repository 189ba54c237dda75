import { createKizunaClient, type KizunaClient, type Schemas } from '@kizuna/api-client';
import { type Account, newAccount, registerAccount } from './accounts';

export const DEMO = 'kizuna-fans';

/** A fan of the demo community, set up through the API (for tests whose subject is something else). */
export interface Fan extends Account {
  api: KizunaClient;
}

/** Registers an account, signs it in and joins the demo community, all through the API. */
export async function demoFan(apiUrl: string, displayName?: string): Promise<Fan> {
  const account = await registerAccount(apiUrl, newAccount(displayName));
  return { ...account, api: await joinDemo(apiUrl, account) };
}

/** Signs `account` in through the API and joins the demo community; returns a client acting as them. */
export async function joinDemo(apiUrl: string, account: Pick<Account, 'email' | 'password'>): Promise<KizunaClient> {
  const { data, response } = await createKizunaClient({ baseUrl: apiUrl }).POST('/api/v1/auth/login', { body: { email: account.email, password: account.password } });
  if (!data) throw new Error(`login ${account.email}: ${response.status}`);
  const api = createKizunaClient({ baseUrl: apiUrl, headers: { Authorization: `Bearer ${data.accessToken}` } });
  const joined = await api.POST('/api/v1/communities/{slug}/join', { params: { path: { slug: DEMO } } });
  if (!joined.response.ok) throw new Error(`join ${account.email}: ${joined.response.status}`);
  return api;
}

/** The id of the demo community's board called `name`. */
export async function boardId(api: KizunaClient, name: string): Promise<string> {
  const { data } = await api.GET('/api/v1/communities/{slug}/boards', { params: { path: { slug: DEMO } } });
  const board = data?.find((candidate) => candidate.name === name);
  if (!board) throw new Error(`No board ${name}`);
  return board.id;
}

export async function startThread(api: KizunaClient, board: string, title: string, body: string): Promise<Schemas['ThreadDetailResponse']> {
  const { data, response } = await api.POST('/api/v1/boards/{boardId}/threads', { params: { path: { boardId: await boardId(api, board) } }, body: { title, body } });
  if (!data) throw new Error(`start thread: ${response.status} ${await response.text()}`);
  return data;
}

export const threadPath = (threadId: string) => `/c/${DEMO}/t/${threadId}`;
