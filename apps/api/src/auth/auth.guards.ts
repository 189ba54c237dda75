import { applyDecorators, createParamDecorator, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../common/domain-error';
import type { UserEntity } from './user.entity';

/** Requires a valid access token: 401 otherwise. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<T>(error: unknown, user: T): T {
    // A token that does not verify comes as "no user"; an error is a failure to check it (e.g. the
    // database is down: 503), not a reason to sign the caller out.
    if (error) throw error;
    if (!user) throw new DomainError('unauthorized', 'UNAUTHENTICATED', 'Sign in to continue: a valid access token is required');
    return user;
  }
}

/** Reads an access token when one is sent; anonymous otherwise (public pages that greet members). */
@Injectable()
export class OptionalJwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<T>(error: unknown, user: T, _info: unknown, context: ExecutionContext): T {
    const sent = Boolean(context.switchToHttp().getRequest().headers.authorization);
    if (error) throw error;
    if (sent && !user) throw new DomainError('unauthorized', 'UNAUTHENTICATED', 'The access token is invalid or expired');
    return (user || undefined) as T;
  }
}

/** The signed-in account (after JwtAuthGuard), or undefined (after OptionalJwtAuthGuard). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UserEntity | undefined => context.switchToHttp().getRequest().user,
);

/** A route for signed-in callers: JwtAuthGuard plus the bearer scheme in the OpenAPI document. */
export const SignedIn = () => applyDecorators(UseGuards(JwtAuthGuard), ApiBearerAuth());
