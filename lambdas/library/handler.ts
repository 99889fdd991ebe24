import { createDomainHandler } from '../shared/http/index.js';
import { libraryImplementations } from './service.js';

export const handler = createDomainHandler('library', libraryImplementations);
