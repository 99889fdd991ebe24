import { crudImplementations } from '../platform/crud/implementations.js';
import { createDomainHandler } from '../platform/http/index.js';
import { webResources } from './resources.js';

export const handler = createDomainHandler('web', Object.assign({}, ...webResources.map(crudImplementations)));
