import { bearer, signUp, type TestApp } from './test-app';

export type Account = Awaited<ReturnType<typeof signUp>>;

let seq = 0;
export const uniqueSlug = () => `c-${Date.now().toString(36)}-${(seq += 1)}`;

/** A community with an owner and a board, and helpers to add people to it. */
export async function createCommunity(t: TestApp, options: { settings?: Record<string, unknown> } = {}) {
  const owner = await signUp(t, 'オーナー');
  const slug = uniqueSlug();
  await t.http().post('/api/v1/communities').set(bearer(owner.token)).send({ slug, name: 'テスト' }).expect(201);
  if (options.settings) await t.http().patch(`/api/v1/communities/${slug}`).set(bearer(owner.token)).send(options.settings).expect(200);
  const board = await t.http().post(`/api/v1/communities/${slug}/boards`).set(bearer(owner.token)).send({ name: '雑談' }).expect(201);
  const member = async (role?: 'moderator' | 'manager' | 'analyst', name?: string): Promise<Account> => {
    const account = await signUp(t, name);
    await t.http().post(`/api/v1/communities/${slug}/join`).set(bearer(account.token)).expect(201);
    if (role) await t.http().put(`/api/v1/communities/${slug}/members/${account.id}/role`).set(bearer(owner.token)).send({ role }).expect(200);
    return account;
  };
  return { slug, owner, boardId: board.body.id as string, member };
}

/** Makes a member older than the new-member window, so flood limits don't apply in tests about other things. */
export async function ageMembership(t: TestApp, slug: string, userId: string, hours = 48): Promise<void> {
  await t.db.dataSource.query(
    `UPDATE memberships SET joined_at = joined_at - make_interval(hours => $3) WHERE user_id = $2 AND community_id = (SELECT id FROM communities WHERE slug = $1)`,
    [slug, userId, hours],
  );
  // The API keeps a membership for up to a second (ReadCache): a write made behind its back, like
  // this one, is seen once that has passed.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
}

export async function startThread(t: TestApp, boardId: string, who: Account, title = 'スレッド', body = '本文です') {
  const res = await t.http().post(`/api/v1/boards/${boardId}/threads`).set(bearer(who.token)).send({ title, body }).expect(201);
  return res.body as { id: string; posts: { items: Array<{ id: string }> } };
}

export async function reply(t: TestApp, threadId: string, who: Account, body = '返信です') {
  const res = await t.http().post(`/api/v1/threads/${threadId}/posts`).set(bearer(who.token)).send({ body }).expect(201);
  return res.body as { id: string; seq: number };
}
