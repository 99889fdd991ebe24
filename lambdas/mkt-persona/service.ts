/** Persona rules beyond generic CRUD: 404s for unknown contacts and segments around the score statements. */
import { getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import { NotFoundError } from '../platform/errors.js';
import type { Page, QueryInput } from '../platform/lists/list-query.js';
import { currentScores, getContact, putScore, scoreHistory } from './repository.js';

const noContact = (id: string) => new NotFoundError(`No persona contact ${id}.`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id names nothing: 404 without a database call. */
function known(id: string): string {
  if (!UUID.test(id)) throw noContact(id);
  return id;
}

export async function contact(id: string): Promise<{ row: Row; version: string }> {
  const found = await getContact(getExecutor(), known(id));
  if (!found) throw noContact(id);
  return found;
}

export async function scores(id: string): Promise<Row[]> {
  const found = await currentScores(getExecutor(), known(id));
  if (!found) throw noContact(id);
  return found;
}

export async function setScore(
  id: string,
  segment: string,
  input: { score: string | number; scoring_method?: string | undefined; rationale?: string | null | undefined },
  actor: string | null,
): Promise<{ score: Row; created: boolean }> {
  const outcome = await putScore(getExecutor(), known(id), segment, input, actor);
  if (!outcome.contactFound) throw noContact(id);
  if (!outcome.segmentFound || !outcome.score) throw new NotFoundError(`No segment ${segment}.`);
  return { score: outcome.score, created: outcome.created };
}

export async function history(id: string, query: QueryInput): Promise<Page<Row>> {
  const page = await scoreHistory(getExecutor(), known(id), query);
  if (!page) throw noContact(id);
  return page;
}
