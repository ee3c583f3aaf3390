import { ApplicationFailure } from '@temporalio/activity';
import { SapDocumentError } from '../domain';
import { FailureType } from '../shared/failure-types';
import { PublishRejectedError } from '../adapters/change-publisher';
import { PayloadIntegrityError } from '../adapters/payload-store';
import { SourceNotFoundError, SourceRejectedError } from '../adapters/sap-odata-client';

/** AWS errors that describe the request itself: a retry would fail the same way. */
const PERMANENT_AWS_ERRORS = new Set(['ValidationException', 'ItemCollectionSizeLimitExceededException']);

/**
 * The single place where activity errors become retryable or not. Anything unrecognised stays retryable:
 * a transient fault must never be mistaken for bad data.
 */
export function classifyError(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof SapDocumentError) {
    return ApplicationFailure.create({
      type: FailureType.SapDocumentInvalid,
      message: error.message,
      nonRetryable: true,
      details: [{ code: error.code, ...(error.details ?? {}) }],
    });
  }
  if (error instanceof SourceNotFoundError || error instanceof SourceRejectedError) {
    const type =
      error instanceof SourceNotFoundError ? FailureType.SourceNotFound : FailureType.SourceRejected;
    return ApplicationFailure.create({ type, message: error.message, nonRetryable: true });
  }
  if (error instanceof PayloadIntegrityError) {
    return ApplicationFailure.create({
      type: FailureType.PayloadUnavailable,
      message: error.message,
      nonRetryable: true,
    });
  }
  if (error instanceof PublishRejectedError && error.senderFault) {
    return ApplicationFailure.create({
      type: FailureType.RecordRejected,
      message: error.message,
      nonRetryable: true,
    });
  }
  if (error instanceof Error && PERMANENT_AWS_ERRORS.has(error.name)) {
    return ApplicationFailure.create({
      type: FailureType.RecordRejected,
      message: `${error.name}: ${error.message}`,
      nonRetryable: true,
    });
  }
  return error;
}

export async function classified<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw classifyError(error);
  }
}
