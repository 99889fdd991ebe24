/** Post moves on plain inputs; the outcomes become 404 / 409 / 412. */
import { TOO_LARGE_COLUMN, UNKNOWN_REFS_COLUMN, VERSION_COLUMN, getRow, idCondition, refuseUnknownReferences, tooLarge, type Versioned } from '../platform/crud/index.js';
import { checkPrecondition } from '../platform/crud/status-move.js';
import { getExecutor } from '../platform/db/index.js';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../platform/errors.js';
import { approvePost, editPost, movePost, readDispatch, type MoveOutcome } from './post-repository.js';
import { socialPostResource } from './post-resources.js';
import { EDITABLE, USER_MOVES, type UserTarget } from './post-workflow.js';

type IfMatch = string[] | '*' | undefined;

function whereOf(id: string) {
  const where = idCondition(id, 't', 'post_ref', 'social_post_id');
  if (!where) throw new NotFoundError(`No social post ${id}.`);
  return where;
}

function written(id: string, result: MoveOutcome): Versioned {
  if (!result.found) throw new NotFoundError(`No social post ${id}.`);
  if (!result.row) throw new PreconditionFailedError();
  return { row: result.row, version: result.version! };
}

export async function changeStatus(id: string, to: UserTarget, ifMatch: IfMatch): Promise<Versioned> {
  const from = USER_MOVES[to] ?? [];
  const result = await movePost(getExecutor(), whereOf(id), to, from, ifMatch);
  if (!result.found) throw new NotFoundError(`No social post ${id}.`);
  checkPrecondition(result.ifMatchHeld);
  if (!result.row) {
    const status = result.fromStatus;
    const allowed = status !== null && (from as readonly string[]).includes(status);
    if (allowed && to === 'scheduled' && result.scheduledAt === null) {
      throw new ConflictError(`Social post ${id} has no scheduled_at; set it before scheduling.`, {
        errors: [{ path: 'body.status', message: 'Needs scheduled_at' }],
      });
    }
    if (allowed) throw new PreconditionFailedError();
    throw new ConflictError(`Social post ${id} cannot move from ${status ?? '(no status)'} to ${to}; it can move to ${to} only from ${from.join(', ')}.`, {
      errors: [{ path: 'body.status', message: `Not allowed from ${status ?? '(no status)'}` }],
    });
  }
  return written(id, result);
}

export async function recordApproval(id: string, decision: string, actor: string | null, ifMatch: IfMatch): Promise<Versioned> {
  return written(id, await approvePost(getExecutor(), whereOf(id), decision, actor, ifMatch));
}

/**
 * PATCH: only while the post is editable (EDITABLE). One statement; only
 * when it changed nothing does a second read tell a missing post (404) from
 * one that is publishing, published or deleted (409).
 */
export async function updatePost(id: string, values: Record<string, unknown>, ifMatch: IfMatch): Promise<Versioned> {
  const result = await editPost(getExecutor(), whereOf(id), values, EDITABLE, ifMatch);
  if (!result?._found) {
    const { row } = await getRow(getExecutor(), socialPostResource, { id });
    throw new ConflictError(`Social post ${id} is ${String(row.status)}: its content can be edited only while it is ${EDITABLE.join(', ')}.`);
  }
  refuseUnknownReferences(result, socialPostResource.references);
  if (result[VERSION_COLUMN] === null && result[TOO_LARGE_COLUMN] === true) throw tooLarge();
  if (result[VERSION_COLUMN] === null || result[VERSION_COLUMN] === undefined) throw new PreconditionFailedError();
  const { _found: _f, [TOO_LARGE_COLUMN]: _t, [UNKNOWN_REFS_COLUMN]: _u, [VERSION_COLUMN]: version, ...row } = result;
  return { row, version: String(version) };
}

/** Where the dispatch worker is with a post: attempts, unknown / deferred outcome, why it failed. */
export async function dispatchState(id: string) {
  const row = await readDispatch(getExecutor(), whereOf(id));
  if (!row) throw new NotFoundError(`No social post ${id}.`);
  return row;
}
