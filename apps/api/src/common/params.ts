import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './domain-error';

/** A path id that is not a UUID cannot name anything: 404, like an unknown one. */
export const idOf = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound(what) });
