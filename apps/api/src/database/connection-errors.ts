/** Socket errors of a database server that is down, restarting or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * PostgreSQL SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01–57P03
 * (shut down by the administrator, crashed, cannot connect now: starting up or shutting down) and
 * 53300 (too many connections).
 */
const SERVER_STATES = /^(08...|57P0[123]|53300)$/;
/** What node-postgres says when a connection breaks or cannot be had in time (it sets no code). */
const PG_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable/i;

/**
 * Whether an error means the database cannot be reached (rather than that a statement failed):
 * such a request is answered 503 and may be retried. Looks through TypeORM's `driverError` (not
 * through `cause`: a failed `fetch` to a webhook is not the database).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth += 1) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_STATES.test(code))) return true;
    if (typeof message === 'string' && PG_MESSAGES.test(message)) return true;
    e = (e as { driverError?: unknown }).driverError;
  }
  return false;
}
