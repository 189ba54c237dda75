import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';

/** The bodies the API reads: JSON, and multipart for file uploads. */
const READ_TYPES = new Set(['application/json', 'multipart/form-data']);

/** A refusal of a body before any handler sees it; the HTTP filter answers with its status and message. */
function bodyError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, type });
}

/**
 * A request with a body of another type (a form, text, XML, none named) or JSON in another charset
 * is refused with 415 before any parser reads it: otherwise an empty or form-decoded body could pass
 * for a valid JSON one.
 */
export function jsonBodiesOnly(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  const [type, ...params] = (req.headers['content-type'] ?? '').toLowerCase().split(';').map((part) => part.trim());
  if (!hasBody) return next();
  if (!READ_TYPES.has(type)) return next(bodyError(415, 'content-type.unsupported', 'body: send JSON with Content-Type: application/json'));
  // JSON between systems is UTF-8 (RFC 8259); body-parser would also decode UTF-16 and others.
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  if (type === 'application/json' && charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(bodyError(415, 'charset.unsupported', 'body: send JSON in UTF-8'));
  }
  next();
}

/** body-parser `verify`: a JSON body that is not valid UTF-8 is refused instead of read with replacement characters. */
export function requireUtf8(_req: unknown, _res: unknown, raw: Buffer): void {
  if (!isUtf8(raw)) throw bodyError(400, 'encoding.invalid', 'body: request body is not valid UTF-8');
}
