import type { ChangeType } from '../entity';

/**
 * Segment function (MSGFN): 003 delete; 009 original, 004 change, 005 replace and any other or missing
 * code are upserts (master-data IDocs carry the whole object).
 */
export function changeTypeFromMsgfn(raw: string | null | undefined): ChangeType {
  return /^0*3$/.test(raw?.trim() ?? '') ? 'delete' : 'upsert';
}
