import { createDomainHandler } from '../platform/http/index.js';
import { implementations } from './service.js';

export const handler = createDomainHandler('content', implementations);
