import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import type { UserEntity } from '../auth/user.entity';
import { BoardsService } from '../boards/boards.service';
import { ThreadsService } from '../boards/threads.service';
import { CommunitiesService } from '../communities/communities.service';
import type { CommunityContext } from '../communities/community-access';
import { ImportWriterService } from '../crm/import/import-writer.service';
import type { ContactRow } from '../crm/import/rows';
import { DatabaseService } from '../database/database.service';

const DAY = 86_400_000;
const HISTORY_DAYS = 84;

/** How often a demo fan took part, day by day; `quietDays`: stopped that many days ago. */
interface Habit {
  name: string;
  email: string;
  /** Chance of being active on a day. */
  daily: number;
  quietDays?: number;
  /** Orders a year as a customer (0: a rate drawn like any customer’s). */
  ordersPerYear: number;
}

const EXTRA_FANS = ['みなと', 'りこ', 'かいと', 'つむぎ', 'いつき', 'めい', 'そら', 'ひなた'];

/** A fixed pseudo-random sequence (mulberry32, 32-bit integer arithmetic): the same demo every time. */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Three months of demo life (when SEED_DEMO_HISTORY is set): more fans, a few threads, replies and
 * reactions spread over past days with habits from champion to observer (one champion gone quiet
 * twelve days ago), and the brand's customers with a year of orders, fans among them. Past activity
 * is written to the activity spine with its outbox rows, so every consumer (points, badges,
 * analytics) builds its view from it as it would have then.
 */
export async function seedDemoHistory(app: INestApplication, ctx: CommunityContext & { user: UserEntity }, fans: UserEntity[], password: () => string): Promise<void> {
  const auth = app.get(AuthService);
  const communities = app.get(CommunitiesService);
  const db = app.get(DatabaseService);
  const random = sequence(20261125);
  const everyone = [...fans];
  for (const [i, name] of EXTRA_FANS.entries()) {
    const session = await auth.register({ email: `fan${fans.length + i + 1}@kizuna.example`, password: password(), displayName: name });
    await auth.confirmEmailDirectly(session.user.id);
    await communities.join({ community: ctx.community, user: session.user, membership: null });
    everyone.push(session.user);
  }
  const habits: Habit[] = everyone.map((user, i) => ({
    name: user.displayName,
    email: user.email,
    daily: [0.8, 0.7, 0.35, 0.3, 0.15, 0.12, 0.1, 0.08, 0.05, 0.03, 0, 0, 0][i] ?? 0,
    quietDays: i === 0 ? 12 : undefined,
    ordersPerYear: [10, 8, 5, 4, 3, 2, 2, 1, 1, 0, 1, 0, 2][i] ?? 0,
  }));

  const boards = await app.get(BoardsService).list(ctx);
  const threadsService = app.get(ThreadsService);
  const topics = [
    ['雑談', '今週のライブ、どうでした？', 'セトリの感想を語りましょう。'],
    ['雑談', 'おすすめのグッズを教えてください', '最近買ってよかったものは？'],
    ['新商品の感想', '新作Tシャツのサイズ感', '普段Mですが、どのサイズがいいでしょう。'],
    ['イベント・ライブ', '夏フェスの持ち物リスト', 'あると便利なものを集めましょう。'],
  ];
  const threads: Array<{ id: string; boardId: string }> = [];
  for (const [boardName, title, body] of topics) {
    const board = boards.find((b) => b.name === boardName)!;
    const thread = await threadsService.create(board.id, ctx.user, { title, body });
    threads.push({ id: thread.id, boardId: board.id });
  }

  const now = Date.now();
  await db.transaction(async () => {
    const record = async (type: string, actor: UserEntity, at: Date, subject: { type: string; id: string }, data: Record<string, unknown>) => {
      const [row] = await db.manager.query(
        `INSERT INTO activity (community_id, actor_id, type, subject_type, subject_id, data, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [ctx.community.id, actor.id, type, subject.type, subject.id, data, at],
      );
      await db.manager.query(`INSERT INTO outbox (activity_id, event_type) VALUES ($1, $2)`, [row.id, type]);
    };
    for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo -= 1) {
      for (const [i, user] of everyone.entries()) {
        const habit = habits[i];
        if ((habit.quietDays !== undefined && daysAgo < habit.quietDays) || random() >= habit.daily) continue;
        const at = new Date(now - daysAgo * DAY + Math.floor(random() * 10 * 3_600_000));
        const thread = threads[Math.floor(random() * threads.length)];
        await record('post.created', user, at, { type: 'post', id: randomUUID() }, { threadId: thread.id, boardId: thread.boardId, threadAuthorId: ctx.user.id, seq: 0, replyToPostId: null });
        const other = everyone[Math.floor(random() * everyone.length)];
        if (other.id !== user.id && random() < 0.6) {
          await record('reaction.added', other, new Date(at.getTime() + 3_600_000), { type: 'post', id: randomUUID() }, { emoji: '👍', receiverId: user.id });
        }
      }
    }
  });

  // The brand's customers: the fans (linked by their confirmed emails) and 120 more, with a year of orders.
  const writer = app.get(ImportWriterService);
  const source = 'demo';
  const customers: Array<{ row: ContactRow; ordersPerYear: number }> = habits.map((h, i) => ({
    row: { externalId: `K-${String(i + 1).padStart(4, '0')}`, fields: { email: h.email, familyName: '絆', givenName: h.name }, consent: { email: i % 3 !== 2 }, attributes: {} },
    ordersPerYear: h.ordersPerYear,
  }));
  const regions = ['東京都', '大阪府', '神奈川県', '愛知県', '福岡県', '北海道'];
  for (let i = 0; i < 120; i += 1) {
    customers.push({
      row: {
        externalId: `K-${String(habits.length + i + 1).padStart(4, '0')}`,
        fields: { email: `customer${i + 1}@example.jp`, familyName: '顧客', givenName: `${i + 1}`, region: regions[i % regions.length] },
        consent: { email: random() < 0.6, line: random() < 0.3 },
        attributes: {},
      },
      ordersPerYear: 0,
    });
  }
  await db.transaction(() => writer.writeContacts(ctx.community.id, customers.map((c) => c.row), source));
  // Each customer buys at their own pace from a first purchase in the last year, and may stop after
  // any purchase (each with their own chance): the story BG/NBD tells, so the demo's fit converges.
  const shop = sequence(7);
  const orders = customers.flatMap((c, i) => {
    // Rates differ a lot between customers (exponential, mean 3 a year) — fans' habits set theirs.
    const rate = c.ordersPerYear || Math.max(1, Math.round(-Math.log(1 - shop()) * 3));
    const dates: Date[] = [];
    const dropout = shop() * 0.5;
    for (let at = now - (30 + Math.floor(shop() * 335)) * DAY; at < now; at += (-Math.log(1 - shop()) * 365 * DAY) / rate) {
      dates.push(new Date(at));
      if (shop() < dropout) break;
    }
    return dates.map((purchasedAt, n) => ({
      externalId: `D-${i + 1}-${n + 1}`,
      contactExternalId: c.row.externalId,
      email: null,
      purchasedAt,
      amount: (2 + Math.floor(shop() * 8)) * 1100,
      currency: 'JPY',
      channel: shop() < 0.5 ? 'online' : 'store',
      items: [{ sku: ['TEE-01', 'CAP-01', 'TOWEL-01', 'CD-2026'][Math.floor(shop() * 4)], name: 'グッズ', quantity: 1, unitPrice: 3300 }],
    }));
  });
  await db.transaction(() => writer.writeOrders(ctx.community.id, orders, source));
}
