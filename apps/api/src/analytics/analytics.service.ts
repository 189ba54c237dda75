import { Injectable } from '@nestjs/common';
import { dayIn } from '@kizuna/engagement';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import { AnalyticsCache } from './analytics-cache';
import { AnalyticsRepository, type DailyRow } from './analytics.repository';
import type { OverviewResponse, PeriodQueryDto } from './dto/analytics.dto';

const DAY = 86_400_000;
const MAX_DAYS = 366;

/** A period of community days, inclusive. */
export interface Period {
  from: string;
  to: string;
  days: number;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The requested period (the last 30 days up to today in the community's zone by default). */
export function periodOf(query: PeriodQueryDto, timeZone: string): Period {
  const today = dayIn(timeZone, new Date());
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -29);
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (addDays(value, 0) !== value) throw new DomainError('bad-request', 'VALIDATION_FAILED', `${field} must be a real date YYYY-MM-DD`, field);
  }
  const days = daysBetween(from, to);
  if (days < 1) throw new DomainError('bad-request', 'VALIDATION_FAILED', 'from must not be after to', 'from');
  if (days > MAX_DAYS) throw new DomainError('bad-request', 'VALIDATION_FAILED', `a period spans at most ${MAX_DAYS} days`, 'from');
  return { from, to, days };
}

/** The period of the same length just before. */
export const previousOf = (period: Period): Period => ({ from: addDays(period.from, -period.days), to: addDays(period.from, -1), days: period.days });

/**
 * Community analytics from the rollups (never raw activity): activity, stickiness, response to new
 * threads, compared with the previous period.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly rollups: AnalyticsRepository,
    private readonly cache: AnalyticsCache,
  ) {}

  overview(ctx: CommunityContext, query: PeriodQueryDto): Promise<OverviewResponse> {
    const period = periodOf(query, ctx.community.timeZone);
    return this.cache.get(ctx.community.id, `overview:${period.from}:${period.to}`, () => this.computeOverview(ctx, period));
  }

  private async computeOverview(ctx: CommunityContext, period: Period): Promise<OverviewResponse> {
    const timeZone = ctx.community.timeZone;
    const [current, previous] = await Promise.all([this.figures(ctx.community.id, period, timeZone), this.figures(ctx.community.id, previousOf(period), timeZone)]);
    const compare = (key: keyof Figures) => ({
      current: current.figures[key],
      previous: previous.figures[key],
      changeRate: previous.figures[key] === 0 ? null : round((current.figures[key] - previous.figures[key]) / previous.figures[key], 4),
    });
    return {
      from: period.from,
      to: period.to,
      timeZone,
      kpis: {
        dau: compare('dau'),
        wau: compare('wau'),
        mau: compare('mau'),
        stickiness: compare('stickiness'),
        newMembers: compare('newMembers'),
        threads: compare('threads'),
        replies: compare('replies'),
        reactions: compare('reactions'),
        answeredShare: compare('answeredShare'),
        medianMinutesToFirstReply: compare('medianMinutesToFirstReply'),
      },
      series: current.daily.map((d) => ({ day: d.day, activeMembers: d.active, threads: d.threads, replies: d.replies, reactions: d.reactions, newMembers: d.joined })),
    };
  }

  /** Rebuilds the community's rollups from raw activity (the operator command; equals the incremental result). */
  async rebuild(communityId: string, timeZone: string): Promise<number> {
    const rows = await this.db.transaction(async () => {
      const rows = await this.rollups.rebuildMemberDays(communityId, timeZone);
      await this.rollups.rebuildThreads(communityId);
      return rows;
    });
    await this.rollups.analyze();
    this.cache.invalidate(communityId);
    return rows;
  }

  private async figures(communityId: string, period: Period, timeZone: string): Promise<{ figures: Figures; daily: DailyRow[] }> {
    const [daily, wau, mau, responses] = await Promise.all([
      this.rollups.daily(communityId, period.from, period.to),
      this.rollups.distinctActive(communityId, addDays(period.to, -6), period.to),
      this.rollups.distinctActive(communityId, addDays(period.to, -29), period.to),
      this.rollups.threadResponses(communityId, period.from, period.to, timeZone),
    ]);
    const sum = (key: keyof Omit<DailyRow, 'day'>) => daily.reduce((total, d) => total + d[key], 0);
    const dau = round(sum('active') / period.days, 2);
    const last30 = await this.rollups.daily(communityId, addDays(period.to, -29), period.to);
    const dau30 = last30.reduce((total, d) => total + d.active, 0) / 30;
    const minutes = [...responses.minutesToFirstReply].sort((a, b) => a - b);
    const median = minutes.length === 0 ? 0 : minutes.length % 2 ? minutes[(minutes.length - 1) / 2] : (minutes[minutes.length / 2 - 1] + minutes[minutes.length / 2]) / 2;
    return {
      daily,
      figures: {
        dau,
        wau,
        mau,
        stickiness: mau === 0 ? 0 : round(dau30 / mau, 4),
        newMembers: sum('joined'),
        threads: sum('threads'),
        replies: sum('replies'),
        reactions: sum('reactions'),
        answeredShare: responses.started === 0 ? 0 : round(responses.answered / responses.started, 4),
        medianMinutesToFirstReply: round(median, 1),
      },
    };
  }
}

interface Figures {
  dau: number;
  wau: number;
  mau: number;
  stickiness: number;
  newMembers: number;
  threads: number;
  replies: number;
  reactions: number;
  answeredShare: number;
  medianMinutesToFirstReply: number;
}
