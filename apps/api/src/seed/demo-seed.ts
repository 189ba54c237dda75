import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { BoardsService } from '../boards/boards.service';
import { CommunitiesService } from '../communities/communities.service';
import { BadgesService } from '../recognition/badges.service';
import type { CreateBadgeDto } from '../recognition/dto/badge.dto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { seedDemoHistory } from './demo-history';

export const DEMO_SLUG = 'kizuna-fans';
const MANAGER_EMAIL = 'manager@kizuna.example';

const BOARDS = [
  { name: 'お知らせ', description: '運営からのお知らせ' },
  { name: '雑談', description: 'ファン同士で気軽におしゃべり' },
  { name: '新商品の感想', description: '買ったもの、使ってみた感想をシェア' },
  { name: 'イベント・ライブ', description: 'ライブやイベントの情報交換' },
];
const FANS = ['さくら', 'はると', 'ゆい', 'そうた', 'あおい'];
/** A starter set of badges: first steps, a Nice-post, regulars, and one the manager gives by hand. */
const BADGES: CreateBadgeDto[] = [
  { key: 'first-post', name: { ja: 'はじめての返信', en: 'First reply' }, icon: '🌱', tier: 'bronze', grouping: 'はじめの一歩', rule: { type: 'first', activity: 'post.created' } },
  { key: 'first-thread', name: { ja: 'はじめてのスレッド', en: 'First thread' }, icon: '🧵', tier: 'bronze', grouping: 'はじめの一歩', rule: { type: 'first', activity: 'thread.created' } },
  { key: 'nice-post', name: { ja: 'いいね10', en: 'Nice post' }, icon: '👏', tier: 'silver', grouping: '投稿', rule: { type: 'reactionsOnOnePost', atLeast: 10 } },
  {
    key: 'regular',
    name: { ja: '常連さん', en: 'Regular' },
    icon: '🔥',
    tier: 'gold',
    grouping: '投稿',
    rule: { type: 'all', rules: [{ type: 'activeDays', atLeast: 10, withinDays: 30 }, { type: 'count', activity: 'post.created', atLeast: 20, withinDays: 30 }] },
    grantsTitle: { ja: '常連さん', en: 'Regular' },
  },
  { key: 'event-helper', name: { ja: 'イベントお手伝い', en: 'Event helper' }, icon: '🤝', tier: 'silver', grouping: 'イベント', multiple: true, grantsTitle: { ja: '名サポーター', en: 'Great supporter' } },
];

/**
 * On the first start of a trial install, a demo community with Japanese boards, a few fans and a
 * manager account (and, with SEED_DEMO_HISTORY, three months of activity and a year of orders). Returns the lines to print (the manager's sign-in, every start).
 */
export async function seedDemoOnce(app: INestApplication): Promise<string[]> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const file = join(config.dataDir, 'demo-credentials.json');
  const communities = app.get(CommunitiesService);
  if (!(await communities.access(DEMO_SLUG).catch(() => null))) {
    const auth = app.get(AuthService);
    const password = () => `${randomBytes(9).toString('base64url')}-絆`;
    // Demo accounts use example.com-style addresses nobody reads: verified up front, no mails.
    const account = async (email: string, pass: string, displayName: string) => {
      const session = await auth.register({ email, password: pass, displayName });
      await auth.confirmEmailDirectly(session.user.id);
      return session;
    };
    const owner = await account('owner@kizuna.example', password(), '絆 運営チーム');
    const { community, membership } = await communities.create(owner.user, {
      slug: DEMO_SLUG,
      name: '絆ファンコミュニティ',
      description: 'Kizuna のデモコミュニティです。掲示板で語り合い、バッジや称号を集めましょう。',
    });
    const ownerCtx = { community, user: owner.user, membership };
    for (const board of BOARDS) await app.get(BoardsService).create(ownerCtx, board);
    for (const badge of BADGES) await app.get(BadgesService).create(ownerCtx, badge);
    const managerPassword = password();
    const manager = await account(MANAGER_EMAIL, managerPassword, 'コミュニティマネージャー');
    await communities.join({ community, user: manager.user, membership: null });
    await communities.changeRole(ownerCtx, manager.user.id, { role: 'manager' });
    const fans = [];
    for (const [i, name] of FANS.entries()) {
      const fan = await account(`fan${i + 1}@kizuna.example`, password(), name);
      await communities.join({ community, user: fan.user, membership: null });
      fans.push(fan.user);
    }
    if (config.seedDemoHistory) await seedDemoHistory(app, { ...ownerCtx, user: owner.user }, fans, password);
    writeFileSync(file, JSON.stringify({ email: MANAGER_EMAIL, password: managerPassword }), { mode: 0o600 });
  }
  if (!existsSync(file)) return [];
  const credentials = JSON.parse(readFileSync(file, 'utf8')) as { email: string; password: string };
  return [
    `Demo        ${config.publicWebUrl}/c/${DEMO_SLUG}`,
    `Manager     ${credentials.email} / ${credentials.password}`,
  ];
}
