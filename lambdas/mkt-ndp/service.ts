/** The NDP module's rules beyond generic CRUD: 404 for an unknown category code; topic lists narrowed by category and segment. */
import { getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import { NotFoundError } from '../platform/errors.js';
import type { QueryInput } from '../platform/lists/list-query.js';
import { getCategory, listTopics, type TopicFilters } from './repository.js';
import { categoryResource } from './resources.js';

export async function category(code: string): Promise<Row> {
  const row = await getCategory(getExecutor(), categoryResource.select, code);
  if (!row) throw new NotFoundError(`No NDP category with code '${code}'.`);
  return row;
}

export const topics = (filters: TopicFilters, query: QueryInput) => listTopics(getExecutor(), filters, query);
