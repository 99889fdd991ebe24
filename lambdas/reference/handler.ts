import { createDomainHandler } from '../platform/http/domain-handler.js';
import { referenceApi } from './api.js';

export const handler = createDomainHandler(referenceApi);
