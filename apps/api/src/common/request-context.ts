import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** What the code behind a request may need to know of it without being handed it (the audit's IP). */
interface RequestContext {
  ip: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Express middleware: the rest of the request runs with its context (after `trust proxy`). */
export function requestContext(req: Request, _res: Response, next: NextFunction): void {
  storage.run({ ip: req.ip ?? null }, next);
}

/** The client address of the request being served; null outside one (workers, consumers, CLI). */
export function currentIp(): string | null {
  return storage.getStore()?.ip ?? null;
}
