import createClient, { type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths } from './schema';
export type Schemas = components['schemas'];

/** A typed client of the Kizuna API; `baseUrl` is the origin that serves `/api/v1/...`. */
export function createKizunaClient(options: ClientOptions = {}) {
  return createClient<paths>(options);
}

export type KizunaClient = ReturnType<typeof createKizunaClient>;
