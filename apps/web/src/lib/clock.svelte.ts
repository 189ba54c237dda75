import { browser } from '$app/environment';

const TICK_MS = 30_000;

/**
 * The current time for "5 minutes ago": ticks in the browser so relative times stay true on a page
 * left open; on the server it is read afresh for every render (one module serves every request).
 */
class Clock {
  #now = $state(Date.now());
  #ticking = false;

  get now(): number {
    if (!browser) return Date.now();
    if (!this.#ticking) {
      this.#ticking = true;
      setInterval(() => (this.#now = Date.now()), TICK_MS);
    }
    return this.#now;
  }
}

export const clock = new Clock();
