/** One workflow per SAP entity: the ID is the entity's type and canonical key. */
export function entityWorkflowId(entityType: string, entityKey: string): string {
  return `${entityType}:${entityKey}`;
}
