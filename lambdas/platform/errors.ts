/**
 * Typed errors a handler or service throws to end a request with a given
 * status. They carry only what is safe to show a caller; the mapping to
 * problem+json lives in one place (problem-mapping.ts).
 */

export interface FieldError {
  /** Where the problem is: `body.title`, `query.limit`, `params.id`, `body.items[2].name`. */
  path: string;
  message: string;
}

export abstract class HttpError extends Error {
  abstract readonly status: number;
  /** Short, stable summary of the problem type (RFC 9457 `title`). */
  abstract readonly title: string;
  /** Problem type slug, turned into the `type` URI. */
  abstract readonly slug: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(detail: string, options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export class BadRequestError extends HttpError {
  override readonly name = 'BadRequestError';
  readonly status = 400;
  readonly title = 'Bad Request';
  readonly slug = 'bad-request';
}

export class UnauthorizedError extends HttpError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
  readonly title = 'Unauthorized';
  readonly slug = 'unauthorized';
  constructor(detail = 'A valid bearer token is required.') {
    super(detail, { headers: { 'www-authenticate': 'Bearer' } });
  }
}

export class ForbiddenError extends HttpError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
  readonly title = 'Forbidden';
  readonly slug = 'forbidden';
}

export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly title = 'Not Found';
  readonly slug = 'not-found';
}

export class ConflictError extends HttpError {
  override readonly name = 'ConflictError';
  readonly status = 409;
  readonly title = 'Conflict';
  readonly slug = 'conflict';
}

export class PreconditionFailedError extends HttpError {
  override readonly name = 'PreconditionFailedError';
  readonly status = 412;
  readonly title = 'Precondition Failed';
  readonly slug = 'precondition-failed';
  constructor(detail = 'The resource has changed since it was read (If-Match does not match its current ETag).') {
    super(detail);
  }
}

export class PayloadTooLargeError extends HttpError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly title = 'Payload Too Large';
  readonly slug = 'payload-too-large';
}

export class UnsupportedMediaTypeError extends HttpError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly title = 'Unsupported Media Type';
  readonly slug = 'unsupported-media-type';
}

/** 422: the request was readable but its fields are wrong; `errors` names each one. */
export class ValidationError extends HttpError {
  override readonly name = 'ValidationError';
  readonly status = 422;
  readonly title = 'Validation Failed';
  readonly slug = 'validation-failed';
  constructor(errors: FieldError[], detail = 'The request has invalid fields; see errors.') {
    super(detail, { errors });
  }
}

/** 503 for a dependency that is down or still starting; `retryAfterSeconds` becomes `Retry-After`. */
export class ServiceUnavailableError extends HttpError {
  override readonly name = 'ServiceUnavailableError';
  readonly status = 503;
  readonly title = 'Service Unavailable';
  readonly slug = 'service-unavailable';
  constructor(detail: string, retryAfterSeconds?: number, cause?: unknown) {
    super(detail, {
      cause,
      headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
}

/** 405: the path names a resource, but not with this method; `Allow` lists the methods it has. */
export class MethodNotAllowedError extends HttpError {
  override readonly name = 'MethodNotAllowedError';
  readonly status = 405;
  readonly title = 'Method Not Allowed';
  readonly slug = 'method-not-allowed';
  constructor(method: string, allow: readonly string[]) {
    super(`${method} is not allowed here; allowed: ${allow.join(', ')}.`, { headers: { allow: allow.join(', ') } });
  }
}
