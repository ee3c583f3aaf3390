/*
 * Reads from SAP's OData API run as activities on a task queue of their own, whose workers set
 * maxTaskQueueActivitiesPerSecond: the Temporal server then hands out at most that many reads per second,
 * across all workers. Pure, safe to import from workflow code.
 */

/** The SAP task queue next to the main one (`synchub` -> `synchub-sap`). */
export function sapTaskQueue(taskQueue: string): string {
  return `${taskQueue}-sap`;
}
