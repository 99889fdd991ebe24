import { createDomainHandler } from '../platform/http/domain-handler.js';
import { segmentsApi } from './api.js';

export const handler = createDomainHandler(segmentsApi);
