import { ApiDefaultResponse, ApiProperty } from '@nestjs/swagger';

/** The body of every error (see HttpExceptionFilter). */
export class ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'email must be a valid email address' }) message!: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Machine-readable cause' }) code!: string;
  @ApiProperty({
    required: false,
    type: Object,
    additionalProperties: { type: 'array', items: { type: 'string' } },
    description: 'Messages per request field (400)',
  })
  fields?: Record<string, string[]>;
  @ApiProperty({ required: false }) requestId?: string;
}

/** Documents the error body on every route of a controller. */
export const ApiErrors = () => ApiDefaultResponse({ type: ErrorResponse, description: 'Any error: 400, 401, 403, 404, 409, 429' });
