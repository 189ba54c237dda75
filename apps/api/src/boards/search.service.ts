import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { decodeCursor, pageOf } from '../common/cursor';
import type { CommunityContext } from '../communities/community-access';
import { BoardAccessService, isModerator } from './board-access.service';
import type { SearchPageResponse, SearchQueryDto } from './dto/thread.dto';
import { SearchRepository } from './search.repository';

const isOffsetCursor = (v: unknown): v is { o: number } =>
  typeof v === 'object' && v !== null && Number.isInteger((v as { o: unknown }).o) && (v as { o: number }).o >= 0 && (v as { o: number }).o <= 10_000;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An HTML-escaped excerpt around the first match, every match wrapped in <mark>. */
export function highlight(text: string, q: string, radius = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  const lower = flat.toLowerCase();
  const needle = q.toLowerCase();
  const first = lower.indexOf(needle);
  const start = Math.max(0, first - radius);
  const end = Math.min(flat.length, (first < 0 ? 0 : first + needle.length) + radius * 2);
  const excerpt = flat.slice(start, end);
  const parts: string[] = [];
  let at = 0;
  const lowerExcerpt = excerpt.toLowerCase();
  for (let i = lowerExcerpt.indexOf(needle); i >= 0 && needle.length > 0; i = lowerExcerpt.indexOf(needle, i + needle.length)) {
    parts.push(escapeHtml(excerpt.slice(at, i)), `<mark>${escapeHtml(excerpt.slice(i, i + needle.length))}</mark>`);
    at = i + needle.length;
  }
  parts.push(escapeHtml(excerpt.slice(at)));
  return `${start > 0 ? '…' : ''}${parts.join('')}${end < flat.length ? '…' : ''}`;
}

@Injectable()
export class SearchService {
  /**
   * Each community's search window start, for a minute: it moves slowly, and a stale one only makes
   * the first pass look at a few more or fewer posts (results never depend on it).
   */
  private readonly windows = new LRUCache<string, { at: Date | null }>({ max: 10_000, ttl: 60_000 });

  constructor(
    private readonly search: SearchRepository,
    private readonly access: BoardAccessService,
  ) {}

  async run(ctx: CommunityContext, query: SearchQueryDto): Promise<SearchPageResponse> {
    const limit = query.limit ?? 20;
    const offset = query.cursor ? decodeCursor(query.cursor, isOffsetCursor).o : 0;
    const [hidden, windowStart] = await Promise.all([this.access.hiddenBoards(ctx), this.windowStart(ctx.community.id)]);
    const rows = await this.search.search(
      ctx.community.id,
      query.q,
      { userId: ctx.user?.id ?? null, moderator: isModerator(ctx), hiddenBoards: [...hidden] },
      limit + 1,
      offset,
      windowStart,
    );
    const page = pageOf(rows, limit, () => ({ o: offset + limit }));
    return {
      items: page.items.map((row) => ({
        kind: row.kind,
        threadId: row.thread_id,
        postId: row.post_id,
        seq: row.seq,
        threadTitle: row.title,
        snippet: highlight(row.text, query.q),
        createdAt: new Date(row.created_at).toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  private async windowStart(communityId: string): Promise<Date | null> {
    const cached = this.windows.get(communityId);
    if (cached) return cached.at;
    const at = await this.search.windowStart(communityId);
    this.windows.set(communityId, { at });
    return at;
  }
}
