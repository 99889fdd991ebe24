import { createDomainHandler } from '../platform/http/domain-handler.js';
import { calendarFeedsApi } from './api.js';

export const handler = createDomainHandler(calendarFeedsApi);
