import { createDomainHandler } from '../platform/http/domain-handler.js';
import { mktWhatsappApi } from './api.js';

export const handler = createDomainHandler(mktWhatsappApi);
