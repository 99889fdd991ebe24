export { createDomainHandler } from './domain-handler.js';
export type { DomainHandler } from './domain-handler.js';
export { defineDomain } from './domain.js';
export type { DomainApi, FunctionAccess } from './domain.js';
export { route, routeKeyOf } from './route.js';
export type { ApiRoute, Implementation, RouteDefinition, RouteAuth, HttpMethod } from './route.js';
export type { HttpRequest, RequestFor } from './request.js';
export type { HttpResult } from './result.js';
export { ok, created, noContent } from './result.js';
export { assertIfMatch, etagOf, etagOfBytes, ifMatchVersions, ifNoneMatchHits, versionEtag } from './etag.js';
export {
  HttpError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  PreconditionFailedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
  ServiceUnavailableError,
  MethodNotAllowedError,
} from '../errors.js';
export type { FieldError } from '../errors.js';
export { MAX_BODY_BYTES } from './body.js';
export { PROBLEM_MEDIA_TYPE, problemType } from './problem.js';
export type { Problem } from './problem.js';
export { errorResponse, toHttpError } from './error-mapping.js';
export type { HttpApiEvent, HttpApiResponse } from './event.js';
