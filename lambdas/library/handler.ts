import { createDomainHandler } from '../platform/http/domain-handler.js';
import { libraryApi } from './api.js';

export const handler = createDomainHandler(libraryApi);
