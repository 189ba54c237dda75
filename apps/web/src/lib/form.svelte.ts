import { tick } from 'svelte';
import { type ApiFailure, NETWORK_FAILURE } from './errors';

/**
 * The submission state of one form: busy while the call runs, then the failure, shown next to
 * the fields it names or for the whole form, with focus moved to where the visitor must act.
 * The forms say `method="post"`: sent before the app has started, they must not put a password
 * in the URL.
 */
export class FormState {
  busy = $state(false);
  failure = $state<ApiFailure | null>(null);

  /** `fields`: the names of the inputs this form shows errors next to. */
  constructor(private readonly fields: readonly string[] = []) {}

  /** The failure when none of the fields it names are in this form: shown once, for the whole form. */
  get formFailure(): ApiFailure | null {
    const failure = this.failure;
    return failure && !Object.keys(failure.fields).some((field) => this.fields.includes(field)) ? failure : null;
  }

  /** Runs `action` (which returns the failure, if any) unless a submission is already running. */
  async submit(form: HTMLFormElement, action: () => Promise<ApiFailure | undefined>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.failure = null;
    try {
      this.failure = (await action()) ?? null;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      this.failure = NETWORK_FAILURE;
    } finally {
      this.busy = false;
    }
    if (!this.failure) return;
    await tick();
    (form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[role="alert"]'))?.focus();
  }
}
