export { startLocalHttpApi, importDomainHandler, MAX_PAYLOAD_BYTES, INTEGRATION_TIMEOUT_MS } from './server.js';
export type { LocalHttpApi, LocalHttpApiOptions, LambdaHandler } from './server.js';
export { verifyBearer } from './jwt-authorizer.js';
export type { JwtAuthorizerOptions, VerifiedToken } from './jwt-authorizer.js';
export { buildGatewayEvent, flattenClaims } from './gateway-event.js';
export { OPENAPI_PATH, DOCS_PATH } from './docs.js';
export type { CorsOptions } from './cors.js';
