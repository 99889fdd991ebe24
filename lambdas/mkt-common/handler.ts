import { createDomainHandler } from '../platform/http/domain-handler.js';
import { mktCommonApi } from './api.js';

export const handler = createDomainHandler(mktCommonApi);
