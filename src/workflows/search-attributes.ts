import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Registered on the namespace (the local stack does it at start): Keyword slots only. */
export const SyncEntityType = defineSearchAttributeKey('SyncEntityType', SearchAttributeType.KEYWORD);
export const SyncEntityKey = defineSearchAttributeKey('SyncEntityKey', SearchAttributeType.KEYWORD);
export const SyncStatusAttribute = defineSearchAttributeKey('SyncStatus', SearchAttributeType.KEYWORD);
export const SyncVersion = defineSearchAttributeKey('SyncVersion', SearchAttributeType.KEYWORD);
/** Failure type of the last error (empty once the entity is healthy again). */
export const SyncLastError = defineSearchAttributeKey('SyncLastError', SearchAttributeType.KEYWORD);
/** Alias of the entity's SAP system (SYNCHUB_SAP_SYSTEMS; `SAP` when none is configured). */
export const SyncSourceSystem = defineSearchAttributeKey('SyncSourceSystem', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [
  SyncEntityType,
  SyncEntityKey,
  SyncStatusAttribute,
  SyncVersion,
  SyncLastError,
  SyncSourceSystem,
] as const;
