/**
 * THE route table: every domain of the application, assembled and checked
 * once. Only the CDK app (`bin/`, `lib/`), the local stack (`local/`) and the
 * OpenAPI document import this file; a domain's Lambda imports only its own
 * `api.ts`, so each bundle holds one domain and the platform.
 *
 * Adding a domain: a folder `lambdas/<name>/` with `api.ts` (its
 * `defineDomain(...)`) and `handler.ts` (`createDomainHandler(api)`), then one
 * entry below.
 */
import { attributionApi } from './attribution/api.js';
import { calendarFeedsApi } from './calendar-feeds/api.js';
import { campaignsApi } from './campaigns/api.js';
import { contentApi } from './content/api.js';
import { healthApi } from './health/api.js';
import { libraryApi } from './library/api.js';
import { mktCommonApi } from './mkt-common/api.js';
import { mktContentApi } from './mkt-content/api.js';
import { mktNdpApi } from './mkt-ndp/api.js';
import { mktPersonaApi } from './mkt-persona/api.js';
import { mktWhatsappApi } from './mkt-whatsapp/api.js';
import { planningApi } from './planning/api.js';
import { propertyContentApi } from './property-content/api.js';
import type { DomainApi } from './platform/http/domain.js';
import { checkRouteTable, gatewayRoutes as gatewayRoutesOf, type AppRoute, type GatewayRoute } from './platform/route-table.js';
import { referenceApi } from './reference/api.js';
import { segmentsApi } from './segments/api.js';
import { socialApi } from './social/api.js';
import { webApi } from './web/api.js';

export const domains: readonly DomainApi[] = [
  healthApi,
  referenceApi,
  webApi,
  contentApi,
  planningApi,
  calendarFeedsApi,
  libraryApi,
  propertyContentApi,
  campaignsApi,
  attributionApi,
  segmentsApi,
  socialApi,
  mktCommonApi,
  mktNdpApi,
  mktContentApi,
  mktPersonaApi,
  mktWhatsappApi,
];

/** Every route with the domain that serves it, checked when this module loads. */
export const routes: readonly AppRoute[] = checkRouteTable(domains);

/** What API Gateway routes: a domain's mounts (greedy) and each public route. */
export const gatewayRoutes: readonly GatewayRoute[] = gatewayRoutesOf(domains);
