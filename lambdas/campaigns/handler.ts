import { createDomainHandler } from '../platform/http/domain-handler.js';
import { campaignsApi } from './api.js';

export const handler = createDomainHandler(campaignsApi);
