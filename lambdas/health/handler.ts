import { createDomainHandler } from '../platform/http/domain-handler.js';
import { healthApi } from './api.js';

export const handler = createDomainHandler(healthApi);
