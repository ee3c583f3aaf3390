import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Registered on the namespace (the local stack does it at start): Keyword slots only. */
export const SyncEntityType = defineSearchAttributeKey('SyncEntityType', SearchAttributeType.KEYWORD);
export const SyncEntityKey = defineSearchAttributeKey('SyncEntityKey', SearchAttributeType.KEYWORD);
export const SyncStatusAttribute = defineSearchAttributeKey('SyncStatus', SearchAttributeType.KEYWORD);
export const SyncVersion = defineSearchAttributeKey('SyncVersion', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [SyncEntityType, SyncEntityKey, SyncStatusAttribute, SyncVersion] as const;
