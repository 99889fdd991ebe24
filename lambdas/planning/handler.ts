import { createDomainHandler } from '../platform/http/domain-handler.js';
import { planningApi } from './api.js';

export const handler = createDomainHandler(planningApi);
