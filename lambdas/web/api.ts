/** The web domain: websites and their pages, plain CRUD. */
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { websitePageResource, websiteResource } from './resources.js';

export const webApi = defineDomain({
  name: 'web',
  description: 'Websites and their pages',
  mounts: ['/v1/websites'],
  routes: [...crudRoutes(websiteResource), ...crudRoutes(websitePageResource)],
});
