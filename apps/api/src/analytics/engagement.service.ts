import { Injectable } from '@nestjs/common';
import {
  addDays,
  atRiskChampions,
  beforeAfter,
  dayIn,
  differenceInDifferences,
  type EngagementTier,
  ENGAGEMENT_MONTH_DAYS,
  lift,
  median,
  retentionCohorts,
  roundScore,
  revenueByGroup,
  tierOf,
} from '@kizuna/engagement';
import { BoardsService } from '../boards/boards.service';
import { decodeCursor, pageOf } from '../common/cursor';
import { CommunitiesService } from '../communities/communities.service';
import type { CommunityContext } from '../communities/community-access';
import { CustomerInsightsService } from '../crm/customer-insights.service';
import type { CustomerValueResponse } from '../crm/dto/customer-value.dto';
import { MemberStandingsService } from '../recognition/member-standings.service';
import { type EngagementSettings, AnalyticsSettingsRepository } from './analytics-settings.repository';
import { AnalyticsCache } from './analytics-cache';
import { AnalyticsRepository, DECAY, type MemberDayRow, type MemberPoints } from './analytics.repository';
import { type Period, periodOf } from './analytics.service';
import type {
  AtRiskPageResponse,
  AtRiskQueryDto,
  AtRiskResponse,
  BadgeImpactResponse,
  BoardHealthResponse,
  ContributorResponse,
  EngagementRevenueResponse,
  PeriodQueryDto,
  RetentionQueryDto,
  RetentionResponse,
  TiersResponse,
} from './dto/analytics.dto';

/** Scores look back a year of member-days. */
const SCORE_DAYS = 360;
const AT_RISK_WEEKS = 12;
/** Days compared before and after an award. */
const IMPACT_DAYS = 30;
const isAtRiskPosition = (value: unknown): value is { peakScore: number; userId: string } =>
  typeof value === 'object' && value !== null && typeof (value as { peakScore?: unknown }).peakScore === 'number' && typeof (value as { userId?: unknown }).userId === 'string';
const EMPTY_BOARD_FIGURES = { threads: 0, threadsPerDay: 0, answeredShare: null, medianMinutesToFirstReply: null };
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const NOTE = {
  ja: '相関であり因果ではありません。熱心なファンだから買うのか、買うから熱心なのかは、この数字からは分かりません。',
  en: 'This is correlation, not causation: these figures cannot tell whether engaged fans buy more or buyers engage more.',
};

/**
 * Engagement scores and tiers (libs/engagement: Σ weight × 0.9^months over 12 months), and what
 * they go with: revenue, retention, who is drifting away, who contributes, which boards answer.
 */
@Injectable()
export class EngagementService {
  constructor(
    private readonly rollups: AnalyticsRepository,
    private readonly communities: CommunitiesService,
    private readonly customers: CustomerInsightsService,
    private readonly boards: BoardsService,
    private readonly standings: MemberStandingsService,
    private readonly settings: AnalyticsSettingsRepository,
    private readonly cache: AnalyticsCache,
  ) {}

  tiers(ctx: CommunityContext, query: PeriodQueryDto): Promise<TiersResponse> {
    const { to } = periodOf(query, ctx.community.timeZone);
    return this.cache.get(ctx.community.id, `tiers:${to}`, () => this.computeTiers(ctx, to));
  }

  private async computeTiers(ctx: CommunityContext, to: string): Promise<TiersResponse> {
    const { scores, model } = await this.scores(ctx.community.id, to);
    const members = await this.communities.memberCount(ctx.community.id);
    const counts = new Map<string, number>();
    for (const score of scores.values()) {
      const key = tierOf(score, model.tiers).key;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const scored = [...counts.values()].reduce((a, b) => a + b, 0);
    const lowest = tierOf(0, model.tiers).key;
    counts.set(lowest, (counts.get(lowest) ?? 0) + Math.max(0, members - scored));
    return { asOf: to, tiers: highestFirst(model.tiers).map((t) => ({ key: t.key, name: t.name, min: t.min, members: counts.get(t.key) ?? 0 })) };
  }

  engagementRevenue(ctx: CommunityContext, query: PeriodQueryDto): Promise<EngagementRevenueResponse> {
    const period = periodOf(query, ctx.community.timeZone);
    return this.cache.get(ctx.community.id, `engagement-revenue:${period.from}:${period.to}`, () => this.computeEngagementRevenue(ctx, period));
  }

  private async computeEngagementRevenue(ctx: CommunityContext, period: Period): Promise<EngagementRevenueResponse> {
    const communityId = ctx.community.id;
    const currency = (await this.customers.mainCurrency(communityId)) ?? 'JPY';
    const [{ scores, model }, memberIds, revenue] = await Promise.all([
      this.scores(communityId, period.to),
      this.allMembers(communityId),
      this.customers.revenueByContact(communityId, currency, this.instant(period.from, ctx), this.instant(addDays(period.to, 1), ctx)),
    ]);
    const byMember = new Map(revenue.filter((r) => r.linkedUserId).map((r) => [r.linkedUserId!, r]));
    const rows = memberIds.map((userId) => {
      const customer = byMember.get(userId);
      return { group: tierOf(scores.get(userId) ?? 0, model.tiers).key, linked: customer !== undefined, orders: customer?.orders ?? 0, revenue: customer?.revenue ?? 0 };
    });
    const members = new Set(memberIds);
    const outsiders = revenue.filter((r) => !r.linkedUserId || !members.has(r.linkedUserId)).map((r) => ({ group: 'notInCommunity', linked: true, orders: r.orders, revenue: r.revenue }));
    const [baseline] = revenueByGroup(outsiders);
    const groups = new Map(revenueByGroup(rows).map((g) => [g.group, g]));
    return {
      from: period.from,
      to: period.to,
      currency,
      note: NOTE,
      baseline: {
        group: 'notInCommunity',
        customers: baseline?.linkedCustomers ?? 0,
        buyers: baseline?.buyers ?? 0,
        purchaseRate: baseline?.purchaseRate ?? null,
        ordersPerCustomer: baseline?.ordersPerCustomer ?? null,
        averageOrderValue: baseline?.averageOrderValue ?? null,
        revenuePerCustomer: baseline && baseline.linkedCustomers > 0 ? Math.round(baseline.revenue / baseline.linkedCustomers) : null,
        smallSample: baseline?.smallSample ?? true,
      },
      tiers: highestFirst(model.tiers).map((tier) => {
        const g = groups.get(tier.key);
        return {
          tier: tier.key,
          name: tier.name,
          members: g?.members ?? 0,
          linkedCustomers: g?.linkedCustomers ?? 0,
          buyers: g?.buyers ?? 0,
          orders: g?.orders ?? 0,
          revenue: g?.revenue ?? 0,
          purchaseRate: g?.purchaseRate ?? null,
          ordersPerCustomer: g?.ordersPerCustomer ?? null,
          averageOrderValue: g?.averageOrderValue ?? null,
          revenuePerMember: g?.revenuePerMember ?? 0,
          lift: lift(g?.purchaseRate ?? null, baseline?.purchaseRate ?? null),
          smallSample: g?.smallSample ?? true,
        };
      }),
    };
  }

  retention(ctx: CommunityContext, query: RetentionQueryDto): Promise<RetentionResponse> {
    const { from, to } = periodOf(query, ctx.community.timeZone);
    const by = query.by ?? 'month';
    const periods = query.periods ?? (by === 'week' ? 12 : 6);
    return this.cache.get(ctx.community.id, `retention:${by}:${periods}:${from}:${to}`, async () => {
      const communityId = ctx.community.id;
      const period = by === 'week' ? 'week' : 'month';
      const cohortMembers =
        by === 'purchase'
          ? (await this.customers.firstPurchases(communityId)).map((p) => ({ id: p.userId, cohortDay: dayIn(ctx.community.timeZone, p.firstAt) }))
          : (await this.rollups.joinDays(communityId, from, to)).map((j) => ({ id: j.userId, cohortDay: j.day }));
      const inRange = cohortMembers.filter((m) => m.cohortDay >= from && m.cohortDay <= to);
      const active = await this.rollups.activeDaysOf(communityId, [...new Set(inRange.map((m) => m.id))], from, to);
      return { by, periods, cohorts: retentionCohorts(inRange, active, { period, periods, asOf: to }) };
    });
  }

  /**
   * A page of the list, highest peak score first. The whole list is computed and cached (it runs
   * to thousands of members in a large community); a page is a slice of it, and the cursor is the
   * last row's place in the order (peak score, then id), so paging stays in order when the list is
   * recomputed. Cached with names: an erasure drops every cached figure (see AnalyticsConsumer).
   */
  async atRisk(ctx: CommunityContext, query: AtRiskQueryDto): Promise<AtRiskPageResponse> {
    const { to } = periodOf(query, ctx.community.timeZone);
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, isAtRiskPosition);
    const list = await this.cache.get(ctx.community.id, `at-risk:${to}`, () => this.computeAtRisk(ctx.community.id, to));
    const start = after === null ? 0 : list.findIndex((r) => r.peakScore < after.peakScore || (r.peakScore === after.peakScore && r.userId > after.userId));
    const limit = query.limit ?? 50;
    const rows = start < 0 ? [] : list.slice(start, start + limit + 1);
    return { ...pageOf(rows, limit, (last) => ({ peakScore: last.peakScore, userId: last.userId })), total: list.length };
  }

  private async computeAtRisk(communityId: string, to: string): Promise<AtRiskResponse[]> {
    const model = await this.settings.get(communityId);
    const [members, pAlive, contacts] = await Promise.all([
      this.rollups.pointsByDay(communityId, to, SCORE_DAYS + AT_RISK_WEEKS * 7, model.weights),
      this.customers.pAlive(communityId, new Date(`${to}T00:00:00Z`)),
      this.customers.contactOfMembers(communityId),
    ]);
    const candidates = members.map((m) => {
      const contactId = contacts.get(m.user_id);
      return {
        id: m.user_id,
        scoreHistory: Array.from({ length: AT_RISK_WEEKS }, (_, i) => scoreAt(m, 7 * (AT_RISK_WEEKS - 1 - i))),
        // Taking part (posting, reacting) — joining or being awarded something is not.
        lastActiveDay: m.last_active,
        pAlive: contactId ? (pAlive?.get(contactId) ?? null) : null,
      };
    });
    const risky = atRiskChampions(candidates, { asOf: to });
    const names = await this.communities.displayNames(risky.map((r) => r.id));
    return risky.map((r) => ({
      userId: r.id,
      displayName: names.get(r.id) ?? '',
      contactId: contacts.get(r.id) ?? null,
      peakScore: r.peakScore,
      currentScore: r.currentScore,
      idleDays: r.idleDays,
      pAlive: r.pAlive === null || r.pAlive === undefined ? null : round(r.pAlive, 4),
      reasons: r.reasons,
    }));
  }

  /** Cached with names: an erasure drops every cached figure (see AnalyticsConsumer). */
  topContributors(ctx: CommunityContext, query: PeriodQueryDto): Promise<ContributorResponse[]> {
    const period = periodOf(query, ctx.community.timeZone);
    return this.cache.get(ctx.community.id, `top-contributors:${period.from}:${period.to}`, () => this.computeTopContributors(ctx.community.id, period));
  }

  private async computeTopContributors(communityId: string, period: Period): Promise<ContributorResponse[]> {
    const { scores, model } = await this.scores(communityId, period.to);
    const top = [...scores].filter(([, score]) => score > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 20);
    const ids = top.map(([id]) => id);
    const [totals, names] = await Promise.all([this.rollups.totalsOf(communityId, ids, period.from, period.to), this.communities.displayNames(ids)]);
    return top.map(([userId, score]) => ({
      userId,
      displayName: names.get(userId) ?? '',
      score,
      tier: tierOf(score, model.tiers).key,
      ...(totals.get(userId) ?? { threads: 0, replies: 0, reactionsReceived: 0 }),
    }));
  }

  async boardHealth(ctx: CommunityContext, query: PeriodQueryDto): Promise<BoardHealthResponse[]> {
    const period = periodOf(query, ctx.community.timeZone);
    // The boards themselves are read per request: which ones a viewer sees depends on their role.
    // The figures per board are computed once per period and cached (medians sort every thread).
    const [boards, figures] = await Promise.all([
      this.boards.list(ctx),
      this.cache.get(ctx.community.id, `boards:${period.from}:${period.to}`, () => this.computeBoardFigures(ctx.community.id, period, ctx.community.timeZone)),
    ]);
    return boards.map((board) => ({ boardId: board.id, name: board.name, ...(figures.get(board.id) ?? EMPTY_BOARD_FIGURES) }));
  }

  private async computeBoardFigures(communityId: string, period: Period, timeZone: string): Promise<Map<string, Omit<BoardHealthResponse, 'boardId' | 'name'>>> {
    const responses = await this.rollups.boardResponses(communityId, period.from, period.to, timeZone);
    return new Map(
      responses.map(({ boardId, minutes }) => {
        const answered = minutes.filter((m): m is number => m !== null);
        const med = median(answered);
        return [
          boardId,
          {
            threads: minutes.length,
            threadsPerDay: round(minutes.length / period.days, 2),
            answeredShare: minutes.length === 0 ? null : round(answered.length / minutes.length, 4),
            medianMinutesToFirstReply: med === null ? null : round(med, 1),
          },
        ];
      }),
    );
  }

  /**
   * Badge impact: for badges awarded in the period whose 30 days after have passed by `to`, the
   * awarded members' posts and orders in the 30 days before and after the award, against members
   * active in the window who were not awarded it (same days), and the difference in differences.
   */
  badgeImpact(ctx: CommunityContext, query: PeriodQueryDto): Promise<BadgeImpactResponse[]> {
    const period = periodOf(query, ctx.community.timeZone);
    return this.cache.get(ctx.community.id, `badge-impact:${period.from}:${period.to}`, () => this.computeBadgeImpact(ctx, period));
  }

  private async computeBadgeImpact(ctx: CommunityContext, period: Period): Promise<BadgeImpactResponse[]> {
    const communityId = ctx.community.id;
    const lastAwardDay = addDays(period.to, -IMPACT_DAYS);
    const awards = (await this.standings.awardsBetween(communityId, this.instant(period.from, ctx), this.instant(addDays(period.to, 1), ctx)))
      .map((a) => ({ ...a, day: dayIn(ctx.community.timeZone, a.awardedAt) }))
      .filter((a) => a.day <= lastAwardDay);
    if (awards.length === 0) return [];
    const days = await this.rollups.memberDays(communityId, addDays(period.from, -IMPACT_DAYS), period.to);
    const posts = (d: MemberDayRow) => d.threads + d.replies;
    const orders = (d: MemberDayRow) => d.counts['order.placed'] ?? 0;
    const byMember = groupByMember(days);
    const results: BadgeImpactResponse[] = [];
    for (const [badgeId, badgeAwards] of groupBy(awards, (a) => a.badgeId)) {
      const treated = new Set(badgeAwards.map((a) => a.userId));
      const control = [...byMember.keys()].filter((id) => !treated.has(id));
      const controlDaily = (metric: (d: MemberDayRow) => number) => {
        const totals = new Map<string, number>();
        for (const id of control) for (const d of byMember.get(id)!) totals.set(d.day, (totals.get(d.day) ?? 0) + metric(d));
        return [...totals].map(([day, value]) => ({ day, value }));
      };
      const series = { posts: controlDaily(posts), orders: controlDaily(orders) };
      const sums = { treated: { posts: [0, 0], orders: [0, 0] }, control: { posts: [0, 0], orders: [0, 0] } };
      for (const award of badgeAwards) {
        const mine = byMember.get(award.userId) ?? [];
        for (const metric of ['posts', 'orders'] as const) {
          const pick = metric === 'posts' ? posts : orders;
          const t = beforeAfter(award.day, mine.map((d) => ({ day: d.day, value: pick(d) })), IMPACT_DAYS);
          const c = beforeAfter(award.day, series[metric], IMPACT_DAYS);
          sums.treated[metric][0] += t.before;
          sums.treated[metric][1] += t.after;
          sums.control[metric][0] += control.length ? c.before / control.length : 0;
          sums.control[metric][1] += control.length ? c.after / control.length : 0;
        }
      }
      const n = badgeAwards.length;
      const mean = (pair: number[]) => ({ before: round(pair[0] / n, 2), after: round(pair[1] / n, 2) });
      const outcome = (metric: 'posts' | 'orders') => {
        const treatedMean = mean(sums.treated[metric]);
        const controlMean = mean(sums.control[metric]);
        return { awarded: treatedMean, others: controlMean, difference: differenceInDifferences(treatedMean.before, treatedMean.after, controlMean.before, controlMean.after) };
      };
      results.push({ badgeId, name: badgeAwards[0].badgeName, awards: n, comparedWith: control.length, posts: outcome('posts'), orders: outcome('orders') });
    }
    return results.sort((a, b) => b.awards - a.awards);
  }

  /** Customer value (CRM) with linked customers grouped by their engagement tier as of `asOf`. */
  customerValue(ctx: CommunityContext, asOf: Date, unit: 'day' | 'week' | 'month'): Promise<CustomerValueResponse> {
    const communityId = ctx.community.id;
    const day = asOf.toISOString().slice(0, 10);
    return this.cache.get(communityId, `customer-value:${day}:${unit}`, async () => {
      const [{ scores, model }, contacts] = await Promise.all([this.scores(communityId, day), this.customers.contactOfMembers(communityId)]);
      const tiers = new Map<string, string>();
      for (const [userId, contactId] of contacts) tiers.set(contactId, `tier:${tierOf(scores.get(userId) ?? 0, model.tiers).key}`);
      return this.customers.customerValue(communityId, asOf, unit, tiers);
    });
  }

  /** Engagement score of every member active in the year before `asOf` (summed in SQL, rounded as libs/engagement rounds). */
  private async scores(communityId: string, asOf: string): Promise<{ scores: Map<string, number>; model: EngagementSettings }> {
    const model = await this.settings.get(communityId);
    const raw = await this.rollups.rawScores(communityId, asOf, model.weights);
    return { scores: new Map(raw.map((r) => [r.userId, roundScore(r.score)])), model };
  }

  private async allMembers(communityId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let after: string | null = null; ; ) {
      const page = await this.communities.memberIdsAfter(communityId, after, 5000);
      ids.push(...page);
      if (page.length < 5000) return ids;
      after = page.at(-1)!;
    }
  }

  /** Midnight of a community day, as an instant. */
  private instant(day: string, ctx: CommunityContext): Date {
    const probe = new Date(`${day}T00:00:00Z`);
    const local = new Date(probe.toLocaleString('en-US', { timeZone: ctx.community.timeZone }));
    const utc = new Date(probe.toLocaleString('en-US', { timeZone: 'UTC' }));
    return new Date(probe.getTime() - (local.getTime() - utc.getTime()));
  }

}

/**
 * A member's score `age` days before `to` from their points by day: libs/engagement's
 * Σ points × decay^⌊age / 30⌋ over the 360 days, in the same order, without re-reading the days.
 */
function scoreAt(member: MemberPoints, age: number): number {
  let score = 0;
  for (let i = 0; i < member.ages.length; i += 1) {
    const daysBefore = member.ages[i] - age;
    if (daysBefore < 0 || daysBefore >= SCORE_DAYS) continue;
    score += member.points[i] * DECAY[Math.floor(daysBefore / ENGAGEMENT_MONTH_DAYS)];
  }
  return roundScore(score);
}

function groupByMember(days: MemberDayRow[]): Map<string, MemberDayRow[]> {
  const byMember = new Map<string, MemberDayRow[]>();
  for (const d of days) {
    const list = byMember.get(d.user_id) ?? [];
    list.push(d);
    byMember.set(d.user_id, list);
  }
  return byMember;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(item);
    groups.set(key(item), list);
  }
  return groups;
}

const highestFirst = (tiers: readonly EngagementTier[]) => [...tiers].sort((a, b) => b.min - a.min);
