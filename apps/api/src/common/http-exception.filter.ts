import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { ApiErrorBody } from '@kizuna/contracts';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '../database/connection-errors';
import { DomainError, type ErrorKind, RateLimitedError } from './domain-error';

const STATUS: Record<ErrorKind, number> = {
  'bad-request': HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  'too-many-requests': HttpStatus.TOO_MANY_REQUESTS,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The one place errors become HTTP: `{statusCode, error, message, code, fields?, requestId}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception);
    body.requestId = String(request.id ?? '');
    if (exception instanceof RateLimitedError) response.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
    if (body.code === 'DATABASE_UNAVAILABLE') {
      response.setHeader('Retry-After', '5');
      this.logger.warn({ err: exception, requestId: body.requestId }, 'database unavailable');
    } else if (body.statusCode >= 500) this.logger.error({ err: exception, requestId: body.requestId }, 'unhandled error');
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS[exception.kind];
      return {
        statusCode,
        error: REASON[statusCode],
        code: exception.code,
        message: exception.message,
        ...(exception.field ? { fields: { [exception.field]: [exception.message] } } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const res = exception.getResponse();
      const detail = typeof res === 'object' && res !== null ? (res as Record<string, unknown>) : {};
      // The router turns body-parser's SyntaxError into a bare 400 with the parser's wording.
      if (statusCode === 400 && !detail.code && exception.message.includes('JSON')) {
        return { statusCode, error: REASON[400], code: 'MALFORMED_BODY', message: 'body: request body is not valid JSON' };
      }
      return {
        statusCode,
        error: REASON[statusCode] ?? String(detail.error ?? 'Error'),
        code: typeof detail.code === 'string' ? detail.code : codeFor(statusCode),
        message: typeof detail.message === 'string' ? detail.message : exception.message,
        ...(detail.fields ? { fields: detail.fields as Record<string, string[]> } : {}),
      };
    }
    // Other body-parser failures (too large, bad encoding) carry a status of their own.
    const status = (exception as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = (exception as { type?: unknown }).type === 'encoding.invalid' ? 'INVALID_ENCODING' : codeFor(status);
      return { statusCode: status, error: REASON[status] ?? 'Bad Request', code, message: bodyParserMessage(exception) };
    }
    // The database is down or restarting: not our bug, and worth retrying shortly.
    if (isDatabaseUnavailable(exception)) {
      return { statusCode: 503, error: REASON[503], code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable; try again in a few seconds' };
    }
    return { statusCode: 500, error: REASON[500], code: 'INTERNAL', message: 'Something went wrong on our side' };
  }
}

function codeFor(status: number): string {
  return (REASON[status] ?? 'Error').toUpperCase().replace(/ /g, '_');
}

function bodyParserMessage(exception: unknown): string {
  const type = (exception as { type?: string }).type;
  if (type === 'entity.too.large') return 'body: request body is too large';
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return 'body: unsupported encoding';
  return (exception as Error).message;
}
