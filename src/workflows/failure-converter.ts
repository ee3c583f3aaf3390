import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces travel as an encoded payload (through the payload codec, so encrypted when
 * encryption is on): what a document did wrong may quote its data. Temporal keeps only "Encoded failure" and
 * the failure type in the clear. Loaded by path in the workflow sandbox, so it imports nothing else.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
