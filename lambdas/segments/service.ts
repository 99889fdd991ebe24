/**
 * The segment rules on plain inputs: criteria checked against the reference
 * table before anything is written, membership changes only on static
 * segments, refreshes and explanations only on dynamic ones. The outcomes the
 * repository reports become the platform's typed errors.
 */
import { createRow, updateRow, type Versioned } from '../platform/crud/index.js';
import { getExecutor } from '../platform/db/index.js';
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../platform/errors.js';
import type { Page, QueryInput } from '../platform/lists/list-query.js';
import { compileCriteria } from './criteria/compile.js';
import { explain, type Explained } from './criteria/explain.js';
import type { CriteriaCatalog, Node } from './criteria/language.js';
import { validateCriteria } from './criteria/validate.js';
import { criteriaCatalog } from './criteria-catalog.js';
import * as repo from './repository.js';
import { segmentResource } from './resources.js';
import type { CreateSegmentInput, UpdateSegmentInput } from './schemas.js';

type IfMatch = string[] | '*' | undefined;

function noSegment(id: string): NotFoundError {
  return new NotFoundError(`No segment ${id}.`);
}

function whereOf(id: string) {
  const where = repo.segmentWhere(id);
  if (!where) throw noSegment(id);
  return where;
}

async function checkedCriteria(raw: unknown, path: string): Promise<Node> {
  const result = validateCriteria(raw, await criteriaCatalog(), path);
  if (!result.ok) throw new ValidationError(result.errors, 'The criteria are not valid; see errors.');
  return result.criteria;
}

export async function createSegment(input: CreateSegmentInput, actor: string | null): Promise<Versioned> {
  const criteria = input.criteria ? await checkedCriteria(input.criteria, 'body.criteria') : input.criteria;
  const values: Record<string, unknown> = { ...input, segment_type: input.segment_type ?? 'static', created_by: actor };
  if (criteria !== undefined) values.criteria = criteria;
  return createRow(getExecutor(), segmentResource, {}, values);
}

/** A static segment refuses criteria in the database (schema/99), answered as 422 at body.criteria. */
export async function updateSegment(id: string, input: UpdateSegmentInput, ifMatch: IfMatch): Promise<Versioned> {
  const values: Record<string, unknown> = { ...input };
  if (input.criteria !== undefined) values.criteria = await checkedCriteria(input.criteria, 'body.criteria');
  return updateRow(getExecutor(), segmentResource, { id }, values, ifMatch);
}

function notDynamic(id: string, what: string): ConflictError {
  return new ConflictError(`Segment ${id} is static: ${what} only dynamic segments (their members come from criteria).`);
}

function notStatic(id: string): ConflictError {
  return new ConflictError(`Segment ${id} is dynamic: its members come from its criteria; refresh it instead of adding or removing members.`);
}

export async function addMembers(id: string, contactIds: readonly string[], actor: string | null) {
  const outcome = await repo.addMembers(getExecutor(), whereOf(id), contactIds, actor);
  if (!outcome.found) throw noSegment(id);
  if (outcome.segmentType === 'dynamic') throw notStatic(id);
  if (outcome.unknown.length > 0) {
    const unknown = new Set(outcome.unknown);
    const errors: FieldError[] = contactIds.flatMap((c, i) => (unknown.has(c.toLowerCase()) ? [{ path: `body.contact_ids[${i}]`, message: 'No contact with this id' }] : []));
    throw new ValidationError(errors, 'Some contact ids name no contact; nothing was added.');
  }
  return { added: outcome.added, readmitted: outcome.readmitted, already_members: outcome.requested - outcome.added - outcome.readmitted };
}

export async function removeMembers(id: string, contactIds: readonly string[]) {
  const outcome = await repo.removeMembers(getExecutor(), whereOf(id), contactIds);
  if (!outcome.found) throw noSegment(id);
  if (outcome.segmentType === 'dynamic') throw notStatic(id);
  return { removed: outcome.removed, not_members: outcome.requested - outcome.removed };
}

export async function listMembers(id: string, query: QueryInput, state: repo.MemberState): Promise<Page<Row>> {
  const page = await repo.listMembers(getExecutor(), whereOf(id), query, state);
  if (!page) throw noSegment(id);
  return page;
}

/** Stored criteria, checked again: the reference table may have changed since they were saved. */
function storedCriteria(segment: repo.SegmentForWork, catalog: CriteriaCatalog): Node {
  const result = validateCriteria(segment.criteria, catalog, 'criteria');
  if (!result.ok) {
    throw new ConflictError(`Segment ${segment.segment_id}'s stored criteria are no longer valid against the reference table; fix them with PATCH.`, {
      errors: result.errors,
    });
  }
  return result.criteria;
}

export interface RefreshResult {
  segment_id: string;
  added: number;
  readmitted: number;
  removed: number;
  member_count: number;
  last_calculated_at: string;
}

/**
 * One refresh of a dynamic segment already read (shared by the route and the worker). `tx` is a
 * transaction: the refresh lock, and `settings` (the worker's budget), hold until it ends.
 */
export async function refreshLoaded(
  tx: SqlExecutor,
  segment: repo.SegmentForWork,
  catalog: CriteriaCatalog,
  actor: string | null,
  settings: repo.RefreshSettings = {},
): Promise<RefreshResult> {
  if (segment.segment_type !== 'dynamic') throw notDynamic(segment.segment_id, 'refreshing applies to');
  const compiled = compileCriteria(storedCriteria(segment, catalog));
  const outcome = await repo.refreshSegmentMembers(tx, segment.id, compiled, actor, settings);
  if (!outcome.locked) throw new ConflictError(`A refresh of segment ${segment.segment_id} is running; try again when it has finished.`);
  if (!outcome.found) throw noSegment(segment.segment_id);
  return {
    segment_id: segment.segment_id,
    added: outcome.added,
    readmitted: outcome.readmitted,
    removed: outcome.removed,
    member_count: outcome.memberCount,
    last_calculated_at: outcome.lastCalculatedAt!,
  };
}

export async function refreshSegment(id: string, actor: string | null): Promise<RefreshResult> {
  const db = getExecutor();
  const segment = await repo.readSegmentForWork(db, whereOf(id));
  if (!segment) throw noSegment(id);
  const catalog = await criteriaCatalog();
  return db.transaction((tx) => refreshLoaded(tx, segment, catalog, actor));
}

export async function explainContact(id: string, contactId: string): Promise<{ segment_id: string; contact_id: string; is_member: boolean; matches: boolean; explanation: Explained }> {
  const db = getExecutor();
  const segment = await repo.readSegmentForWork(db, whereOf(id));
  if (!segment) throw noSegment(id);
  if (segment.segment_type !== 'dynamic') throw notDynamic(id, 'explanations apply to');
  const criteria = storedCriteria(segment, await criteriaCatalog());
  const compiled = compileCriteria(criteria, { onlyContactSql: ':contact_id' });
  const evaluation = await repo.evaluateContact(db, segment.id, contactId, compiled);
  if (!evaluation.contactFound) throw new NotFoundError(`No contact ${contactId}.`);
  const explanation = explain(criteria, evaluation.truths);
  return { segment_id: segment.segment_id, contact_id: contactId, is_member: evaluation.isMember, matches: explanation.holds, explanation };
}

export async function preview(raw: unknown, sampleSize: number) {
  const criteria = await checkedCriteria(raw, 'body.criteria');
  return repo.previewCriteria(getExecutor(), compileCriteria(criteria), sampleSize);
}
