import type { Loaded } from '$lib/analytics';

/**
 * One dashboard panel's data: what it last got (kept on screen while newer data loads, so the
 * page does not flash), whether a load is under way, and when it last succeeded. Only the latest
 * load counts: a slow answer for an old date range never overwrites a newer one.
 */
export class Panel<T> {
  result = $state.raw<Loaded<T> | null>(null);
  loading = $state(false);
  updatedAt = $state<number | null>(null);
  #latest = 0;

  /**
   * Loads the panel. `quiet` (a background refresh) leaves the loading state alone and keeps the
   * data shown if the refresh fails.
   */
  async load(fetch: () => Promise<Loaded<T>>, { quiet = false } = {}): Promise<void> {
    const mine = ++this.#latest;
    if (!quiet) this.loading = true;
    const result = await fetch();
    if (mine !== this.#latest) return;
    this.loading = false;
    if (quiet && !result.ok && this.result?.ok) return;
    // A refresh that changed nothing leaves the charts alone (no redraw every 30 s).
    if (quiet && result.ok && this.result?.ok && JSON.stringify(result.data) === JSON.stringify(this.result.data)) {
      this.updatedAt = Date.now();
      return;
    }
    this.result = result;
    if (result.ok) this.updatedAt = Date.now();
  }

  get data(): T | null {
    return this.result?.ok ? this.result.data : null;
  }
}
