import type { ChangeType, EntityType } from '../entity';
import type { CanonicalRecord } from '../record';
import type { IdocControl } from './control';
import type { ParsedIdoc } from './parsed-idoc';

/** What SyncHub does with one kind of IDoc. Add a handler to IDOC_HANDLERS for each new entity type. */
export interface IdocEntityHandler {
  entityType: EntityType;
  /** In words, for 'not supported' messages. */
  label: string;
  accepts(control: IdocControl): boolean;
  describe(idoc: ParsedIdoc): { entityKey: string; changeType: ChangeType };
  transform(idoc: ParsedIdoc): CanonicalRecord;
}
