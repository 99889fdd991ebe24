/**
 * The content framework's rules beyond generic CRUD, on plain inputs:
 * repurposing only a master and only into a type its pillar allows, a
 * master's tree, promoting an idea once, and the calendar. The outcome each
 * statement reports becomes 404 / 409 / 422 here.
 */
import { getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.js';
import { PROMOTABLE, calendar as readCalendar, contentTree, contentWhere, getReference, promoteIdea, repurpose, type CalendarRange } from './repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Written {
  row: Row;
  version: string;
}

function whereOf(id: string) {
  const where = contentWhere(id, 't');
  if (!where) throw new NotFoundError(`No content ${id}.`);
  return where;
}

export async function reference(table: string, select: string, what: string, code: string): Promise<Row> {
  const row = await getReference(getExecutor(), table, select, code);
  if (!row) throw new NotFoundError(`No ${what} with code '${code}'.`);
  return row;
}

export async function repurposeContent(masterId: string, body: Record<string, unknown>, actor: string | null): Promise<Written> {
  const result = await repurpose(getExecutor(), whereOf(masterId), body, actor);
  if (result.facts._found !== true) throw new NotFoundError(`No content ${masterId}.`);
  if (result.facts._role !== 'master') {
    throw new ConflictError(`Content ${masterId} is itself repurposed; repurpose its master instead.`);
  }
  if (result.facts._allowed !== true) {
    throw new ConflictError(`Pillar ${String(result.facts._pillar_code)} does not allow this content type; add it to the pillar's content types first.`, {
      errors: [{ path: 'body.content_type_id', message: 'Not among the content types the pillar allows' }],
    });
  }
  return { row: result.row!, version: result.version! };
}

export async function tree(id: string): Promise<Row> {
  const found = await contentTree(getExecutor(), whereOf(id));
  if (!found) throw new NotFoundError(`No content ${id}.`);
  return found;
}

export async function promote(
  ideaId: string,
  input: { content_type_id?: string | undefined; title?: string | undefined; body?: string | null | undefined },
  actor: string | null,
): Promise<Written> {
  if (!UUID.test(ideaId)) throw new NotFoundError(`No idea ${ideaId}.`);
  const result = await promoteIdea(getExecutor(), ideaId, input, actor);
  if (result.facts._found !== true) throw new NotFoundError(`No idea ${ideaId}.`);
  const status = String(result.facts._status);
  if (!(PROMOTABLE as readonly string[]).includes(status)) {
    throw new ConflictError(`Idea ${ideaId} is ${status}; only ideas that are ${PROMOTABLE.join(', ')} can become content.`);
  }
  if (!result.row) {
    throw new ValidationError([{ path: 'body.content_type_id', message: 'Required: the idea has no content type' }]);
  }
  return { row: result.row, version: result.version! };
}

export async function calendar(range: CalendarRange) {
  const result = await readCalendar(getExecutor(), range);
  if (!result) throw new NotFoundError(`No channel ${range.channel ?? ''}.`);
  return { data: result.rows, truncated: result.truncated };
}
