import { crudRoutes } from '../platform/crud/index.js';
import { webResources } from './resources.js';
import type { RouteDefinition } from '../platform/http/route.js';

export const webRoutes: readonly RouteDefinition[] = webResources.flatMap(crudRoutes);
