/** Post moves on plain inputs; the outcomes become 404 / 409 / 412. */
import { idCondition, type Versioned } from '../platform/crud/index.js';
import { getExecutor } from '../platform/db/index.js';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../platform/errors.js';
import { approvePost, movePost, type MoveOutcome } from './post-repository.js';
import { USER_MOVES, type UserTarget } from './post-workflow.js';

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
