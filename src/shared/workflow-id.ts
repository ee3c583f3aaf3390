import { entityId } from './entity-id';

/**
 * One workflow per SAP entity: the ID is the entity's type and canonical key (`material:4711`), the type
 * qualified by the system for another system than the default (`material@ERP2:4711`, see entity-id.ts).
 */
export function entityWorkflowId(entityType: string, entityKey: string, system?: string): string {
  return entityId({ entityType, entityKey, ...(system !== undefined ? { system } : {}) }, 'workflow');
}
