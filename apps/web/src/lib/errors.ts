import type { ApiErrorBody } from '@kizuna/contracts';

/** A failed API call, reduced to what the pages show: the code to translate and per-field messages. */
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  fields: Record<string, string[]>;
  /** Seconds to wait before trying again (the `Retry-After` of a 429), when the API said. */
  retryAfter?: number;
}

/** The failure in an error response, whatever its body (the API's error JSON, a proxy's page, nothing). */
export function toFailure(body: unknown, response: Response): ApiFailure {
  const error = (typeof body === 'object' && body !== null ? body : {}) as Partial<ApiErrorBody>;
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    status: response.status,
    code: typeof error.code === 'string' ? error.code : `HTTP_${response.status}`,
    message: typeof error.message === 'string' ? error.message : '',
    fields: error.fields ?? {},
    ...(retryAfter > 0 ? { retryAfter } : {}),
  };
}

/** The failure with its field errors shown under other names (`{ name: 'boardName' }`), for forms whose inputs the API names differently. */
export function renameFields(failure: ApiFailure, names: Record<string, string>): ApiFailure {
  const fields = Object.fromEntries(Object.entries(failure.fields).map(([field, messages]) => [names[field] ?? field, messages]));
  return { ...failure, fields };
}

/** A failure found before asking the API: invalid input in `field`, shown like the API's own. */
export function invalidField(field: string): ApiFailure {
  return { status: 400, code: 'VALIDATION_FAILED', message: '', fields: { [field]: [''] } };
}

/** The request never got an answer (offline, connection refused). */
export const NETWORK_FAILURE: ApiFailure = { status: 0, code: 'NETWORK', message: '', fields: {} };
