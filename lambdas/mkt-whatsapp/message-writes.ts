/**
 * PATCH and DELETE of a WhatsApp message: the generic one-statement CRUD
 * operations, with the database's refusal of a message the sender holds
 * turned into a 409. The rule itself is the trigger of schema/108
 * (trg_mkt_wap_messages_send_hold): it sees the row as the write has locked
 * it, so a claim that commits between the client's read and its write is
 * still refused, with no second statement. A stale If-Match never reaches the
 * row, so it stays a 412 (the client must read the message again first).
 */
import { deleteRow, updateRow, type SessionSettings, type Versioned } from '../platform/crud/index.js';
import { DatabaseError, getExecutor } from '../platform/db/index.js';
import { ConflictError } from '../platform/errors.js';
import { messageResource } from './resources.js';

type IfMatch = string[] | '*' | undefined;

/** The SQLSTATE schema/108's trigger raises, with its reason in HINT. */
export const MESSAGE_HELD_SQLSTATE = 'WA409';

/** The trigger's refusal as a 409 naming the message; any other error unchanged. */
function heldConflict(error: unknown, id: string, verb: 'changed' | 'deleted'): unknown {
  if (!(error instanceof DatabaseError) || error.sqlState !== MESSAGE_HELD_SQLSTATE) return error;
  const why = error.hint ?? 'The sender holds it.';
  return new ConflictError(`WhatsApp message ${id} cannot be ${verb}: ${why} Nothing was changed.`, {
    errors: [{ path: 'params.id', message: why }],
    cause: error,
  });
}

export async function updateMessage(id: string, values: Record<string, unknown>, ifMatch: IfMatch, settings: SessionSettings | undefined): Promise<Versioned> {
  try {
    return await updateRow(getExecutor(), messageResource, { id }, values, ifMatch, settings ? { settings } : {});
  } catch (error) {
    throw heldConflict(error, id, 'changed');
  }
}

export async function deleteMessage(id: string, ifMatch: IfMatch): Promise<void> {
  try {
    await deleteRow(getExecutor(), messageResource, { id }, ifMatch);
  } catch (error) {
    throw heldConflict(error, id, 'deleted');
  }
}
