import { z } from 'zod';

/** Every error answer: a stable code and a message that names the problem. */
export const problemSchema = z
  .object({
    error: z.string().describe('stable code, e.g. NotFound, NotRunning, ActionRefused, InvalidDocument'),
    message: z.string(),
    details: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

/** Thrown by a handler; answered with its status and problem body. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>[],
  ) {
    super(message);
    this.name = 'HttpProblem';
  }

  body(): Problem {
    return { error: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}
