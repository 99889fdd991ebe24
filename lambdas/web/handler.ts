import { createDomainHandler } from '../platform/http/domain-handler.js';
import { webApi } from './api.js';

export const handler = createDomainHandler(webApi);
