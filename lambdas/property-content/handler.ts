import { createDomainHandler } from '../platform/http/domain-handler.js';
import { propertyContentApi } from './api.js';

export const handler = createDomainHandler(propertyContentApi);
