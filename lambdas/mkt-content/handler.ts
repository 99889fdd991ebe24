import { createDomainHandler } from '../platform/http/domain-handler.js';
import { mktContentApi } from './api.js';

export const handler = createDomainHandler(mktContentApi);
