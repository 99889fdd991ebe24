import { createDomainHandler } from '../platform/http/domain-handler.js';
import { mktNdpApi } from './api.js';

export const handler = createDomainHandler(mktNdpApi);
