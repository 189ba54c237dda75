/** Body of every error response of the API. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Machine-readable code, e.g. `EMAIL_TAKEN`, `VALIDATION_FAILED`. */
  code: string;
  /** Per-field messages for validation errors (400). */
  fields?: Record<string, string[]>;
  requestId?: string;
}
