import { createDomainHandler } from '../platform/http/domain-handler.js';
import { socialApi } from './api.js';

export const handler = createDomainHandler(socialApi);
