import { Injectable } from '@nestjs/common';

/** How long a computed figure is served before it is computed again (the API docs promise this). */
export const ANALYTICS_CACHE_TTL_MS = 30_000;
/** Entries kept at most, across communities (least recently used go first). */
const MAX_ENTRIES = 500;

interface Entry {
  communityId: string;
  generation: number;
  startedAt: number;
  settled: boolean;
  value: Promise<unknown>;
  /** The figures this computation replaces, answered meanwhile (see `changed`); none after `invalidate`. */
  previous?: Promise<unknown>;
}

/**
 * Computed analytics per (community, endpoint, parameters), kept for a short while in this process.
 * Concurrent identical requests share one computation (single flight): a burst of dashboard loads
 * costs one pass over the rollups, not one per request, in time and in memory. A community's entries
 * are dropped when its rollups or settings change here; other API processes see the change within
 * the TTL. While activity keeps arriving (every event moves the rollups), the first request after a
 * change computes afresh and the requests meanwhile get the figures it replaces, rather than each
 * waiting for a new computation.
 */
@Injectable()
export class AnalyticsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();
  /** Keys whose computation under way was invalidated: its result must not stand in for the next one. */
  private readonly dropped = new Set<string>();

  get<T>(communityId: string, key: string, compute: () => Promise<T>): Promise<T> {
    const id = `${communityId}|${key}`;
    const generation = this.generations.get(communityId) ?? 0;
    const hit = this.entries.get(id);
    this.entries.delete(id);
    if (hit && hit.generation === generation && (!hit.settled || Date.now() - hit.startedAt < ANALYTICS_CACHE_TTL_MS)) {
      this.entries.set(id, hit);
      return (hit.settled ? hit.value : (hit.previous ?? hit.value)) as Promise<T>;
    }
    // A computation that started before a change is not reused, but the next one waits for it: one
    // computation per key at a time, however often the community changes.
    const before = hit && !hit.settled ? hit.value.then(noop, noop) : Promise.resolve();
    // The figures answered while this computes: never ones older than the TTL, none after `invalidate`.
    const recent = hit?.settled && Date.now() - hit.startedAt < ANALYTICS_CACHE_TTL_MS;
    const previous = this.dropped.has(id) ? undefined : recent ? hit.value : hit?.previous;
    this.dropped.delete(id);
    const entry: Entry = { communityId, generation, startedAt: Date.now(), settled: false, value: Promise.resolve(), previous };
    entry.value = before.then(() => {
      entry.startedAt = Date.now();
      return compute();
    });
    entry.value.then(
      () => {
        entry.settled = true;
        entry.previous = undefined;
      },
      () => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
      },
    );
    this.entries.set(id, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(oldest);
    }
    return entry.value as Promise<T>;
  }

  /**
   * A community's rollups moved (activity arrived): the next request computes afresh, and requests
   * while it computes get the figures it replaces.
   */
  changed(communityId: string): void {
    this.generations.set(communityId, (this.generations.get(communityId) ?? 0) + 1);
  }

  /**
   * Forgets a community's figures (all communities' without an id), e.g. after new settings or an
   * erasure: the next requests wait for a fresh computation, nothing earlier is answered.
   */
  invalidate(communityId?: string): void {
    const communities = communityId === undefined ? new Set([...this.generations.keys(), ...[...this.entries.values()].map((e) => e.communityId)]) : [communityId];
    for (const id of communities) this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
    for (const [key, entry] of this.entries) {
      if (communityId !== undefined && entry.communityId !== communityId) continue;
      entry.previous = undefined;
      if (entry.settled) this.entries.delete(key);
      else this.dropped.add(key);
    }
  }
}

const noop = () => undefined;
