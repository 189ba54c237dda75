import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Collects `field.path → messages`, e.g. `{ email: ['email must be an email'] }`. */
function collect(errors: ValidationError[], prefix = '', into: Record<string, string[]> = {}): Record<string, string[]> {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[field] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, field, into);
  }
  return into;
}

/**
 * Global request validation: unknown properties refused, types transformed, and a 400 whose
 * message names each failing field (`fields` carries them for forms).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const fields = collect(errors);
      const message = Object.entries(fields)
        .map(([field, messages]) => (messages[0].startsWith(field) ? messages[0] : `${field}: ${messages[0]}`))
        .join('; ');
      return new BadRequestException({ message, code: 'VALIDATION_FAILED', fields });
    },
  });
}
