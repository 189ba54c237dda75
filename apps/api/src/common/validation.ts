import { type ArgumentMetadata, BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Collects `field.path → messages`, e.g. `{ email: ['email must be an email'] }`. */
function collect(errors: ValidationError[], prefix = '', into: Record<string, string[]> = {}): Record<string, string[]> {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[field] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, field, into);
  }
  return into;
}

/** Deeper input is no request of ours (and would exhaust the stack of the transformer). */
const MAX_DEPTH = 32;

/**
 * What class-validator cannot see, or sees too late: nesting deep enough to exhaust the stack,
 * NUL characters (PostgreSQL text cannot hold them) and `__proto__` keys (JSON.parse makes them own
 * properties; the whitelist does not notice). Returns `[field, message]` of the first problem.
 */
function structuralProblem(value: unknown, root: string): [string, string] | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return [path || 'body', `${path || 'body'} must not contain a NUL character`];
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_DEPTH) return [path || 'body', `${path || 'body'} is nested too deeply`];
    for (const key of Object.keys(current)) {
      const field = path ? `${path}.${key}` : key;
      if (key === '__proto__' || key.includes('\u0000')) return [field, `property ${field} should not exist`];
      stack.push({ value: (current as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return null;
}

/** The global pipe: structural checks first, then class-validator. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = structuralProblem(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (problem) throw new BadRequestException({ message: problem[1], code: 'VALIDATION_FAILED', fields: { [problem[0]]: [problem[1]] } });
    }
    return super.transform(value, metadata);
  }
}

/**
 * Global request validation: unknown properties refused, types transformed, and a 400 whose
 * message names each failing field (`fields` carries them for forms).
 */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
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
