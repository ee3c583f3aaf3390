import { parseEntityId } from './entity-id';

/*
 * Reads from SAP's OData API run as activities on task queues of their own, one per SAP system, whose
 * workers set maxTaskQueueActivitiesPerSecond: the Temporal server then hands out at most that many reads
 * per second toward each system, across all workers. Pure, safe to import from workflow code.
 */

/**
 * The SAP task queue next to the main one: `synchub-sap` for the default system (undefined), as before
 * several systems existed; `synchub-sap-erp2` for system `ERP2` (the alias in lower case).
 */
export function sapTaskQueue(taskQueue: string, system?: string): string {
  return system === undefined ? `${taskQueue}-sap` : `${taskQueue}-sap-${system.toLowerCase()}`;
}

/**
 * The SAP task queue of an entity, from its workflow ID (`businessPartner@ERP2:4711` -> `synchub-sap-erp2`;
 * an unqualified ID is the default system's, `synchub-sap`).
 */
export function entitySapTaskQueue(taskQueue: string, workflowId: string): string {
  return sapTaskQueue(taskQueue, parseEntityId(workflowId)?.system);
}
