/**
 * The one error taxonomy of the platform. Domain code throws these; the HTTP error
 * middleware (platform/http/errors.middleware.ts) maps them to a status by `instanceof`, in one place.
 *
 * @example
 * throw new NotFoundError(`model '${name}' is not known`);
 */
export class AppError extends Error {
  /** Stable, machine-readable code returned to clients. */
  public readonly code: string;
  /** Extra detail safe to show to the client (field paths, ids). */
  public readonly details: unknown;

  public constructor(code: string, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

/** The request is malformed or breaks a rule; 400. */
export class ValidationError extends AppError {
  public constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super('VALIDATION_ERROR', message, options);
    this.name = 'ValidationError';
  }
}

/** The addressed thing does not exist; 404. */
export class NotFoundError extends AppError {
  public constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super('NOT_FOUND', message, options);
    this.name = 'NotFoundError';
  }
}

/** The request conflicts with the current state (a lost race, a contradicting retry); 409. */
export class ConflictError extends AppError {
  public constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super('CONFLICT', message, options);
    this.name = 'ConflictError';
  }
}

/** No valid credentials; 401. */
export class UnauthorizedError extends AppError {
  public constructor(
    message = 'a valid bearer token is required',
    options: { details?: unknown; cause?: unknown } = {},
  ) {
    super('UNAUTHORIZED', message, options);
    this.name = 'UnauthorizedError';
  }
}

/** Valid credentials without the role the route needs; 403. */
export class ForbiddenError extends AppError {
  public constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super('FORBIDDEN', message, options);
    this.name = 'ForbiddenError';
  }
}

/** Too many requests; 429. */
export class TooManyRequestsError extends AppError {
  public constructor(message = 'too many requests', options: { details?: unknown; cause?: unknown } = {}) {
    super('TOO_MANY_REQUESTS', message, options);
    this.name = 'TooManyRequestsError';
  }
}

/** A budget has no room for the call; 429 with code BUDGET_EXCEEDED, naming the budget that tripped. */
export class BudgetExceededError extends AppError {
  public constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super('BUDGET_EXCEEDED', message, options);
    this.name = 'BudgetExceededError';
  }
}

/** Every provider the call could go to failed (after retries and fallbacks); 502. */
export class UpstreamError extends AppError {
  public constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super('UPSTREAM_FAILED', message, options);
    this.name = 'UpstreamError';
  }
}

/** The request body is larger than the route accepts; 413. */
export class PayloadTooLargeError extends AppError {
  public constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super('PAYLOAD_TOO_LARGE', message, options);
    this.name = 'PayloadTooLargeError';
  }
}

/** A dependency the request needs is down (the health check's DynamoDB); 503. */
export class UnavailableError extends AppError {
  public constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super('UNAVAILABLE', message, options);
    this.name = 'UnavailableError';
  }
}

/** A failure worth retrying: the retrain state machine's Retry matches this name. */
export class TransientError extends AppError {
  public constructor(message: string, options: { cause?: unknown } = {}) {
    super('TRANSIENT', message, options);
    this.name = 'TransientError';
  }
}

/** Not enough labelled data to train: not retried, the run rolls back. */
export class InsufficientDataError extends AppError {
  public constructor(message: string) {
    super('INSUFFICIENT_DATA', message);
    this.name = 'InsufficientDataError';
  }
}

/**
 * Work that failed in an expected, recoverable way and is retried later by its queue (a webhook
 * receiver that is down): logged as a warning with its message, not as an error with a stack.
 */
export class RetryLaterError extends AppError {
  public constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super('RETRY_LATER', message, options);
    this.name = 'RetryLaterError';
  }
}
