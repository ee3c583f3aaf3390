import { z } from 'zod';

export const booleanFlag = z.string().transform((value, ctx) => {
  const normalized = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalized)) return false;
  ctx.addIssue({ code: 'custom', message: `expected true or false, got "${value}"` });
  return z.NEVER;
});

export const port = z.coerce.number().int().min(1).max(65535);

/** Thrown when the environment is invalid; the message lists every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** `variables` maps a field path (`kafka.brokers`) to the environment variable it came from. */
export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  input: unknown,
  variables: Record<string, string> = {},
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const fieldPath = issue.path.map(String).join('.');
    const source = Object.entries(variables).find(([prefix]) => fieldPath.startsWith(prefix))?.[1];
    return `  ${source ?? (fieldPath || '(root)')}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
