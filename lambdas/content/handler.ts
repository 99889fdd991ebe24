import { createDomainHandler } from '../platform/http/domain-handler.js';
import { contentApi } from './api.js';

export const handler = createDomainHandler(contentApi);
