import { applyDecorators, type CanActivate, type ExecutionContext, Inject, Injectable, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainError } from './domain-error';

/** The header cookie-authenticated requests must carry: a cross-site form cannot send it, and a cross-site script needs a preflight that CORS refuses. */
export const CSRF_HEADER = 'X-Kizuna-CSRF';

/**
 * Cross-site request forgery defence for routes authenticated by a cookie: 403 `CSRF_REJECTED`
 * without `X-Kizuna-CSRF: 1`, or when the Origin (else the Referer) is present and not in CORS_ORIGINS.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.get(CSRF_HEADER) !== '1') {
      throw new DomainError('forbidden', 'CSRF_REJECTED', `This request needs the header ${CSRF_HEADER}: 1 (it is authenticated by a cookie)`);
    }
    const origin = request.get('origin') ?? originOf(request.get('referer'));
    if (origin !== undefined && !this.config.corsOrigins.includes(origin)) {
      throw new DomainError('forbidden', 'CSRF_REJECTED', `Requests from the origin ${origin.slice(0, 200)} are not allowed`);
    }
    return true;
  }
}

function originOf(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'an unreadable Referer';
  }
}

/** A route authenticated by the refresh cookie: CsrfGuard, and the header in the OpenAPI document. */
export const CsrfProtected = () =>
  applyDecorators(UseGuards(CsrfGuard), ApiHeader({ name: CSRF_HEADER, required: true, enum: ['1'], description: 'Cross-site request forgery defence: always 1' }));
