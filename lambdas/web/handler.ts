import { crudImplementations } from '../shared/crud/implementations.js';
import { createDomainHandler } from '../shared/http/index.js';
import { webResources } from './resources.js';

export const handler = createDomainHandler('web', Object.assign({}, ...webResources.map(crudImplementations)));
