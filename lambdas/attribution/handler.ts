import { createDomainHandler } from '../platform/http/domain-handler.js';
import { attributionApi } from './api.js';

export const handler = createDomainHandler(attributionApi);
