import { createDomainHandler } from '../platform/http/domain-handler.js';
import { mktPersonaApi } from './api.js';

export const handler = createDomainHandler(mktPersonaApi);
