import type { ApiErrorBody } from '@kizuna/contracts';

/** A failed API call, reduced to what the pages show: the code to translate and per-field messages. */
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  fields: Record<string, string[]>;
}

/** The failure in an error response, whatever its body (the API's error JSON, a proxy's page, nothing). */
export function toFailure(body: unknown, response: Response): ApiFailure {
  const error = (typeof body === 'object' && body !== null ? body : {}) as Partial<ApiErrorBody>;
  return {
    status: response.status,
    code: typeof error.code === 'string' ? error.code : `HTTP_${response.status}`,
    message: typeof error.message === 'string' ? error.message : '',
    fields: error.fields ?? {},
  };
}

/** The request never got an answer (offline, connection refused). */
export const NETWORK_FAILURE: ApiFailure = { status: 0, code: 'NETWORK', message: '', fields: {} };
