import { crudRoutes } from '../shared/crud/index.js';
import { webResources } from '../web/resources.js';
import type { RouteDefinition } from './types.js';

export const webRoutes: readonly RouteDefinition[] = webResources.flatMap(crudRoutes);
