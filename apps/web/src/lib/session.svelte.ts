import type { Schemas } from '@kizuna/api-client';

/**
 * Load functions whose data depends on who is signed in declare `depends(SESSION)`; whatever
 * signs the visitor out on the current page invalidates it (signing in navigates, which reloads).
 */
export const SESSION = 'kizuna:session';

type User = Schemas['UserResponse'];

/**
 * The signed-in account of this browser tab. The access token lives only in memory; after a
 * reload the httpOnly refresh cookie (which scripts cannot read) brings the session back.
 * Only ever changed in the browser: on the server every visitor is anonymous.
 */
class Session {
  user = $state<User | null>(null);
  /** False until the tab has asked the API whether a session exists: hide sign-in state until then. */
  ready = $state(false);
  accessToken: string | null = null;

  start(auth: Schemas['AuthResponse']): void {
    this.user = auth.user;
    this.accessToken = auth.accessToken;
    this.ready = true;
  }

  end(): void {
    this.user = null;
    this.accessToken = null;
    this.ready = true;
  }

  /** Takes newer account details (e.g. just verified) when they are about the signed-in user. */
  update(user: User): void {
    if (this.user?.id === user.id) this.user = user;
  }
}

export const session = new Session();
