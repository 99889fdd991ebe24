import { createDomainHandler } from '../platform/http/index.js';
import { libraryImplementations } from './service.js';

export const handler = createDomainHandler('library', libraryImplementations);
