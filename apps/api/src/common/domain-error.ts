/** The kinds of failure a service reports; the HTTP filter maps each to a status once. */
export type ErrorKind = 'bad-request' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'too-many-requests';

/**
 * A failure the caller can act on, with a stable machine-readable code (e.g. `EMAIL_TAKEN`) and,
 * for bad input, the field it concerns.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  static notFound(what: string): DomainError {
    return new DomainError('not-found', 'NOT_FOUND', `${what} not found`);
  }

  static forbidden(message = 'You do not have permission to do this'): DomainError {
    return new DomainError('forbidden', 'FORBIDDEN', message);
  }
}

/** Too many requests: the caller may try again after `retryAfterSeconds` (sent as `Retry-After`). */
export class RateLimitedError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too-many-requests', code, message);
  }
}
