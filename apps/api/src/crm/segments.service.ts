import { Injectable } from '@nestjs/common';
import { STAFF_ROLES, type Role } from '@kizuna/contracts';
import { type CustomerSnapshot, matchesSegment, type SegmentRule, segmentProblems } from '@kizuna/engagement';
import { stringify } from 'csv-stringify/sync';
import { ActivityService } from '../activity/activity.service';
import { decodeCursor, pageOf } from '../common/cursor';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import { MemberStandingsService } from '../recognition/member-standings.service';
import type { ConsentChannel, ContactEntity } from './contact.entity';
import { ContactsRepository } from './contacts.repository';
import { ContactsService, toContactSummary } from './contacts.service';
import { CustomerValueService } from './customer-value.service';
import type { CreateSegmentDto, SegmentContactsResponse, SegmentResponse, UpdateSegmentDto } from './dto/segment.dto';
import { OrdersRepository } from './orders.repository';
import type { SegmentEntity } from './segment.entity';
import { SegmentsRepository } from './segments.repository';

const DAY = 86_400_000;
const isOffset = (v: unknown): v is { o: number } => typeof v === 'object' && v !== null && Number.isInteger((v as { o: unknown }).o) && (v as { o: number }).o >= 0;

interface Customer {
  contact: ContactEntity;
  snapshot: CustomerSnapshot;
  rfmSegment: string | null;
}

/**
 * Segments over customers. Each customer's snapshot (record, consent, orders, RFM, P(alive), rank,
 * badges) is gathered per request and the rule evaluated by libs/engagement, so a count is always
 * current. Marketing exports include only contacts who consented to the channel.
 */
@Injectable()
export class SegmentsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly segments: SegmentsRepository,
    private readonly contacts: ContactsRepository,
    private readonly contactsService: ContactsService,
    private readonly orders: OrdersRepository,
    private readonly value: CustomerValueService,
    private readonly standings: MemberStandingsService,
    private readonly activity: ActivityService,
  ) {}

  async list(ctx: CommunityContext): Promise<SegmentResponse[]> {
    const [segments, customers] = await Promise.all([this.segments.list(ctx.community.id), this.customers(ctx.community.id)]);
    return segments.map((s) => toSegmentResponse(s, customers.filter((c) => matchesSegment(s.rule, c.snapshot)).length));
  }

  async get(ctx: CommunityContext, segmentId: string): Promise<SegmentResponse> {
    const segment = await this.require(ctx, segmentId);
    return toSegmentResponse(segment, (await this.matching(ctx.community.id, segment.rule)).length);
  }

  async preview(ctx: CommunityContext, rule: unknown): Promise<{ count: number }> {
    return { count: (await this.matching(ctx.community.id, checked(rule))).length };
  }

  async create(ctx: CommunityContext, input: CreateSegmentDto): Promise<SegmentResponse> {
    const rule = checked(input.rule);
    const segment = await this.db.transaction(async () => {
      const created = await this.segments.insertIfNameFree(ctx.community.id, { name: input.name, description: input.description ?? '', rule, createdBy: ctx.user!.id });
      if (!created) throw new DomainError('conflict', 'SEGMENT_NAME_TAKEN', 'Another segment of this community has this name', 'name');
      await this.activity.record({ type: 'segment.created', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'segment', id: created.id }, data: { rule } });
      return created;
    });
    await this.refreshMembership(ctx.community.id, false, [segment]);
    return toSegmentResponse(segment, (await this.matching(ctx.community.id, rule)).length);
  }

  async update(ctx: CommunityContext, segmentId: string, input: UpdateSegmentDto): Promise<SegmentResponse> {
    const segment = await this.require(ctx, segmentId);
    const changes: Partial<SegmentEntity> = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.rule !== undefined ? { rule: checked(input.rule) } : {}),
    };
    await this.db.transaction(async () => {
      await this.segments.update(ctx.community.id, { id: segmentId }, changes).catch((error: { code?: string }) => {
        if (error.code === '23505') throw new DomainError('conflict', 'SEGMENT_NAME_TAKEN', 'Another segment of this community has this name', 'name');
        throw error;
      });
      await this.activity.record({ type: 'segment.updated', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'segment', id: segmentId }, data: { changes: Object.keys(changes) } });
    });
    const updated = { ...segment, ...changes };
    if (changes.rule) await this.refreshMembership(ctx.community.id, false, [updated]);
    return toSegmentResponse(updated, (await this.matching(ctx.community.id, updated.rule)).length);
  }

  async remove(ctx: CommunityContext, segmentId: string): Promise<void> {
    await this.require(ctx, segmentId);
    await this.db.transaction(async () => {
      await this.segments.remove(ctx.community.id, segmentId);
      await this.activity.record({ type: 'segment.deleted', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'segment', id: segmentId } });
    });
  }

  async contactsOf(ctx: CommunityContext, segmentId: string, limit: number, cursor?: string): Promise<SegmentContactsResponse> {
    const segment = await this.require(ctx, segmentId);
    const matching = await this.matching(ctx.community.id, segment.rule);
    const offset = cursor ? decodeCursor(cursor, isOffset).o : 0;
    const page = pageOf(matching.slice(offset, offset + limit + 1), limit, () => ({ o: offset + limit }));
    return { items: page.items.map((c) => toContactSummary(c.contact)), nextCursor: page.nextCursor, count: matching.length };
  }

  /** How many of the segment a marketing export on a channel includes, and how many it leaves out for lacking consent. */
  async exportSummary(ctx: CommunityContext, segmentId: string, channel: ConsentChannel): Promise<{ included: number; excluded: number }> {
    const segment = await this.require(ctx, segmentId);
    const matching = await this.matching(ctx.community.id, segment.rule);
    const included = matching.filter((c) => c.contact.consent[channel]?.granted === true).length;
    return { included, excluded: matching.length - included };
  }

  /**
   * The segment as CSV (UTF-8 with BOM, for Excel). With a channel: only contacts who consented to
   * it — a marketing list. Without: everyone, for staff's own analysis, never for sending.
   */
  async export(ctx: CommunityContext, segmentId: string, channel: ConsentChannel | undefined): Promise<{ csv: string; included: number; excluded: number; fileName: string }> {
    if (!channel && !STAFF_ROLES.includes(ctx.membership?.role as Role)) throw DomainError.forbidden('An export without a channel is for owners and managers');
    const segment = await this.require(ctx, segmentId);
    const matching = await this.matching(ctx.community.id, segment.rule);
    const rows = channel ? matching.filter((c) => c.contact.consent[channel]?.granted === true) : matching;
    const csv = stringify(
      rows.map(({ contact: c, rfmSegment }) => [c.externalId, c.email ?? '', c.familyName, c.givenName, c.familyNameKana, c.givenNameKana, c.phone ?? '', c.region ?? '', c.customerNumber ?? '', rfmSegment ?? '']),
      { header: true, columns: ['external_id', 'email', 'family_name', 'given_name', 'family_name_kana', 'given_name_kana', 'phone', 'region', 'customer_number', 'rfm_segment'] },
    );
    const excluded = matching.length - rows.length;
    await this.db.transaction(() =>
      this.activity.record({ type: 'segment.exported', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'segment', id: segmentId }, data: { channel: channel ?? null, included: rows.length, excluded } }),
    );
    const fileName = `segment-${segment.name.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 60)}${channel ? `-${channel}` : ''}.csv`;
    return { csv: `\ufeff${csv}`, included: rows.length, excluded, fileName };
  }

  /**
   * Re-evaluates every segment of a community and stores who is in each; with `announce`, each
   * contact who entered a segment since the last evaluation is recorded as `segment.entered` (the
   * activity webhooks forward). A new or edited segment is filled silently first, so saving one
   * does not announce everyone already in it.
   */
  async refreshMembership(communityId: string, announce = true, only?: SegmentEntity[]): Promise<number> {
    const segments = only ?? (await this.segments.list(communityId));
    if (segments.length === 0) return 0;
    const customers = await this.customers(communityId);
    let entered = 0;
    for (const segment of segments) {
      const now = new Set(customers.filter((c) => matchesSegment(segment.rule, c.snapshot)).map((c) => c.contact.id));
      await this.db.transaction(async () => {
        const before = await this.segments.memberIds(communityId, segment.id);
        const newcomers = [...now].filter((id) => !before.has(id));
        await this.segments.setMembers(communityId, segment.id, newcomers, [...before].filter((id) => !now.has(id)));
        if (!announce) return;
        const byId = new Map(customers.map((c) => [c.contact.id, c.contact]));
        for (const contactId of newcomers) {
          const userId = byId.get(contactId)?.linkedUserId ?? null;
          await this.activity.record({ type: 'segment.entered', communityId, actorId: userId, subject: { type: 'segment', id: segment.id }, data: { contactId, userId } });
        }
        entered += newcomers.length;
      });
    }
    return entered;
  }

  private async matching(communityId: string, rule: SegmentRule): Promise<Customer[]> {
    return (await this.customers(communityId)).filter((c) => matchesSegment(rule, c.snapshot));
  }

  /** Every customer of the community as segments see them. */
  private async customers(communityId: string): Promise<Customer[]> {
    const now = new Date();
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const currency = (await this.orders.mainCurrency(communityId)) ?? 'JPY';
    const [contacts, aggregates, rfm, fit] = await Promise.all([
      this.contacts.all(communityId),
      this.orders.aggregates(communityId, currency),
      this.contactsService.rfm(communityId, now),
      // Segments work without predictions when the model cannot be fitted (P(alive) is then unknown).
      this.value.fit(communityId, today).catch(() => null),
    ]);
    const standings = await this.standings.of(communityId, contacts.map((c) => c.linkedUserId).filter((id): id is string => id !== null));
    return contacts.map((contact) => {
      const orders = aggregates.get(contact.id);
      const member = contact.linkedUserId ? standings.get(contact.linkedUserId) : undefined;
      const rfmSegment = rfm.scores.get(contact.id)?.segment ?? null;
      const snapshot: CustomerSnapshot = {
        contact: { region: contact.region, gender: contact.gender, email: contact.email, customerNumber: contact.customerNumber, attributes: contact.attributes },
        consent: { email: contact.consent.email?.granted, line: contact.consent.line?.granted, sms: contact.consent.sms?.granted },
        orders: { count: orders?.orders ?? 0, spend: orders?.spend ?? 0, daysSinceLast: orders ? Math.floor((now.getTime() - orders.lastAt.getTime()) / DAY) : null, skus: new Set(orders?.skus ?? []) },
        rfmSegment,
        pAlive: fit?.values.get(contact.id)?.pAlive ?? null,
        member: { linked: member !== undefined, rank: member?.rank ?? null, badges: member?.badgeIds ?? new Set(), points: member?.points ?? 0 },
      };
      return { contact, snapshot, rfmSegment };
    });
  }

  private async require(ctx: CommunityContext, segmentId: string): Promise<SegmentEntity> {
    const segment = await this.segments.findOneBy(ctx.community.id, { id: segmentId });
    if (!segment) throw DomainError.notFound('segment');
    return segment;
  }
}

function checked(rule: unknown): SegmentRule {
  const problems = segmentProblems(rule);
  if (problems.length > 0) {
    const field = /^(rule(?:\.conditions\[\d+\](?:\.\w+)?)?)/.exec(problems[0])?.[1] ?? 'rule';
    throw new DomainError('bad-request', 'INVALID_SEGMENT', problems.join('; '), field);
  }
  return rule as SegmentRule;
}

function toSegmentResponse(segment: SegmentEntity, count: number): SegmentResponse {
  return {
    id: segment.id,
    name: segment.name,
    description: segment.description,
    rule: segment.rule,
    count,
    createdAt: segment.createdAt.toISOString(),
    updatedAt: segment.updatedAt.toISOString(),
  };
}
