import { z } from 'zod';

/** Media type of every error answer (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * Every error answer is an RFC 9457 problem: `type` names the problem (`urn:synchub:problem:<code>`), `title`
 * says it in words, `detail` names this occurrence precisely, and `code` is the same stable code for clients.
 */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('stable code, e.g. NotFound, NotRunning, ActionRefused, InvalidDocument'),
  })
  .loose()
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

const TITLES: Record<string, string> = {
  ActionRefused: 'The action does not apply to this sync',
  EmptyDocument: 'The request has no document',
  Forbidden: 'The API key lacks the role this call needs',
  InvalidCursor: 'The page cursor is not one this API handed out',
  InvalidDocument: 'The document cannot be accepted',
  InvalidKey: 'The key cannot be a key of this entity type',
  InvalidRequest: 'The request does not match the API description',
  NotFound: 'Not found',
  NotRunning: 'The entity has no open sync',
  PayloadTooLarge: 'The request body is too large',
  Unauthorized: 'A valid API key is needed',
  Unavailable: 'A dependency did not answer',
};

/** A problem body for a status, code and detail (with extension members, e.g. `refused`). */
export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    type: `urn:synchub:problem:${code}`,
    title: TITLES[code] ?? code,
    status,
    detail,
    code,
    ...extensions,
  };
}

/** Thrown by a handler; answered with its status and problem body. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }

  body(): Problem {
    return problem(this.statusCode, this.code, this.message, this.extensions);
  }
}
