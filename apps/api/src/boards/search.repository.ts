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

/**
 * Substring search over thread titles and post text. `ILIKE '%…%'` is served by the GIN trigram
 * indexes from three characters up, and stays correct (a scan of the community's rows) for one- or
 * two-character Japanese queries, which trigrams cannot index. Ranked by trigram word similarity,
 * titles before posts, newest first among equals.
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly db: DatabaseService) {}

  search(communityId: string, q: string, viewer: { userId: string | null; moderator: boolean; hiddenBoards: string[] }, limit: number, offset: number): Promise<SearchRow[]> {
    assertCommunityId(communityId);
    return this.db.manager.query(
      `SELECT * FROM (
         SELECT 'thread' AS kind, t.id AS thread_id, NULL::uuid AS post_id, NULL::int AS seq, t.title, t.title AS text, t.created_at,
                2 + word_similarity($2, t.title) AS score
           FROM threads t JOIN boards b ON b.id = t.board_id
          WHERE t.community_id = $1 AND t.title ILIKE $3 AND NOT b.id::text = ANY($8::text[])
            AND ($5 OR (b.archived_at IS NULL AND (t.hidden_at IS NULL OR t.author_id = $4)))
         UNION ALL
         SELECT 'post', p.thread_id, p.id, p.seq, t.title, p.body_text, p.created_at,
                1 + word_similarity($2, p.body_text)
           FROM posts p JOIN threads t ON t.id = p.thread_id JOIN boards b ON b.id = t.board_id
          WHERE p.community_id = $1 AND p.body_text ILIKE $3 AND p.deleted_at IS NULL AND NOT b.id::text = ANY($8::text[])
            AND ($5 OR (b.archived_at IS NULL AND ((p.hidden_at IS NULL AND t.hidden_at IS NULL) OR p.author_id = $4)))
       ) hits
       ORDER BY score DESC, created_at DESC, thread_id, post_id NULLS FIRST
       LIMIT $6 OFFSET $7`,
      [communityId, q, `%${literal(q)}%`, viewer.userId, viewer.moderator, limit, offset, viewer.hiddenBoards],
    );
  }
}
