import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId } from '../database/scoped-repository';

export interface SearchRow {
  kind: 'thread' | 'post';
  thread_id: string;
  post_id: string | null;
  seq: number | null;
  title: string;
  text: string;
  created_at: Date;
}

/** Escapes LIKE wildcards so the query is matched literally. */
const literal = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

const THREADS = `SELECT 'thread' AS kind, t.id AS thread_id, NULL::uuid AS post_id, NULL::int AS seq, t.title, t.title AS text, t.created_at
    FROM threads t JOIN boards b ON b.id = t.board_id
   WHERE t.community_id = $1 AND search_grams(t.title) @> search_query_grams($2) AND t.title ILIKE $3 AND NOT b.id::text = ANY($7::text[])
     AND ($5 OR (b.archived_at IS NULL AND (t.hidden_at IS NULL OR t.author_id = $4)))`;
const POSTS = `SELECT 'post' AS kind, p.thread_id, p.id AS post_id, p.seq, t.title, p.body_text AS text, p.created_at
    FROM posts p JOIN threads t ON t.id = p.thread_id JOIN boards b ON b.id = t.board_id
   WHERE p.community_id = $1 AND search_grams(p.body_text) @> search_query_grams($2) AND p.body_text ILIKE $3 AND p.deleted_at IS NULL
     AND NOT b.id::text = ANY($7::text[])
     AND ($5 OR (b.archived_at IS NULL AND ((p.hidden_at IS NULL AND t.hidden_at IS NULL) OR p.author_id = $4)))`;

/** How many of a community's newest posts the first, cheap pass of a search looks at. */
export const SEARCH_WINDOW_POSTS = 10_000;

/**
 * Substring search over thread titles and post text, exactly `ILIKE '%…%'`. The GIN indexes over
 * `search_grams` (each text's characters and character pairs, lower-cased) find the candidates for
 * queries of any length, one- and two-character Japanese ones included; ILIKE then checks them.
 * Ranked titles first, then posts, newest first within each: what a fan searching 新曲 wants is the
 * latest talk about it, and the order stays cheap (no score over every match) and stable across pages.
 *
 * A common word matches a large share of a big community, and reading every match to keep the
 * newest would cost as much as a scan. So each side first looks only at what was written since
 * `windowStart` (an index range); only when that yields fewer than `offset + limit` rows does it read
 * the older ones (a rare word: few matches, cheap from the index). Posts are read only when titles
 * don't fill the page. The result is the same whatever the window.
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly db: DatabaseService) {}

  /** When the community's `SEARCH_WINDOW_POSTS`-th newest post was written; null for a smaller community (no window). */
  async windowStart(communityId: string): Promise<Date | null> {
    assertCommunityId(communityId);
    const [row] = await this.db.manager.query(`SELECT created_at FROM posts WHERE community_id = $1 ORDER BY created_at DESC OFFSET $2 LIMIT 1`, [communityId, SEARCH_WINDOW_POSTS]);
    return row ? new Date(row.created_at) : null;
  }

  search(
    communityId: string,
    q: string,
    viewer: { userId: string | null; moderator: boolean; hiddenBoards: string[] },
    limit: number,
    offset: number,
    windowStart: Date | null,
  ): Promise<SearchRow[]> {
    assertCommunityId(communityId);
    // $6 rows wanted in all; $10 the window's start (-infinity: no window, everything is "recent").
    const part = (select: string, alias: string, since: string) => `SELECT * FROM (${select} AND ${alias}.created_at ${since} ORDER BY ${alias}.created_at DESC, ${alias === 't' ? 't.id' : 'p.thread_id, p.id'} LIMIT $6) x`;
    return this.db.manager.query(
      `WITH tw AS MATERIALIZED (${part(THREADS, 't', '>= $10')}),
            tf AS MATERIALIZED (${part(THREADS, 't', '< $10')} WHERE (SELECT count(*) FROM tw) < $6),
            pw AS MATERIALIZED (${part(POSTS, 'p', '>= $10')} WHERE (SELECT count(*) FROM tw) + (SELECT count(*) FROM tf) < $6),
            pf AS MATERIALIZED (${part(POSTS, 'p', '< $10')} WHERE (SELECT count(*) FROM tw) + (SELECT count(*) FROM tf) + (SELECT count(*) FROM pw) < $6)
       SELECT * FROM (SELECT * FROM tw UNION ALL SELECT * FROM tf UNION ALL SELECT * FROM pw UNION ALL SELECT * FROM pf) hits
        ORDER BY kind = 'post', created_at DESC, thread_id, post_id NULLS FIRST
        LIMIT $8 OFFSET $9`,
      [communityId, q, `%${literal(q)}%`, viewer.userId, viewer.moderator, offset + limit, viewer.hiddenBoards, limit, offset, windowStart ?? '-infinity'],
    );
  }
}
