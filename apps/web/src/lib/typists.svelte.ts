import type { TypingEvent } from '@kizuna/contracts';

/** Who is typing: the event names them without a title. */
type Typist = TypingEvent['user'];

/** How long someone counts as typing after their last ping (they ping at most every 2 s while typing). */
const SHOWN_MS = 4000;

/** The other people typing in a thread, each until SHOWN_MS after their last `typing` event. */
export class Typists {
  people = $state<Typist[]>([]);
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  typing(user: Typist): void {
    clearTimeout(this.#timers.get(user.id));
    this.#timers.set(
      user.id,
      setTimeout(() => this.stopped(user.id), SHOWN_MS),
    );
    if (!this.people.some((person) => person.id === user.id)) this.people = [...this.people, user];
  }

  /** They stopped, or posted what they were typing. */
  stopped(userId: string): void {
    clearTimeout(this.#timers.get(userId));
    this.#timers.delete(userId);
    if (this.people.some((person) => person.id === userId)) this.people = this.people.filter((person) => person.id !== userId);
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.people = [];
  }
}
