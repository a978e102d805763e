import { z } from 'zod';

/** `metrics:` as idgate runs with it, defaults filled in. */
export interface MetricsConfig {
  /** Whether GET /metrics answers at all (404 when false). */
  enabled: boolean;
  /** When set, a scrape must send `Authorization: Bearer <token>` (401 otherwise). */
  token: string | null;
  /** When set, /metrics is served on this port only (0: a free port), not on the API's port. */
  port: number | null;
  /** Operation names counted under their own label besides the ones idgate knows (its root fields and ready operations). */
  operationNames: string[];
}

/** The longest list of extra operation names: each one is a label value, so the list stays short. */
export const MAX_OPERATION_NAMES = 200;

/** A bearer token for scrapes: long enough not to be guessed, in the characters of a Bearer header (token68). */
export const metricsTokenSchema = z
  .string()
  .min(16, 'must be at least 16 characters')
  .max(512, 'must be at most 512 characters')
  .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'may hold only letters, digits and . _ ~ + / - (then = padding)');

/** The `metrics:` section of the config file. */
export const metricsFileSchema = z
  .object({
    enabled: z.boolean().optional(),
    token: metricsTokenSchema.optional(),
    port: z.number().int().min(0).max(65535).optional(),
    operationNames: z
      .array(z.string().regex(/^[_A-Za-z][_0-9A-Za-z]{0,99}$/, 'must be a GraphQL operation name'))
      .max(MAX_OPERATION_NAMES)
      .optional(),
  })
  .strict();

/** The `metrics:` section as checked, before the defaults are filled in. */
export type MetricsFile = z.infer<typeof metricsFileSchema>;

/**
 * Fills in the defaults: on, no token, on the API's port. `envToken` (IDGATE_METRICS_TOKEN, already
 * checked) wins over the file's token, so that the token need not sit in the file.
 */
export function resolveMetrics(file: MetricsFile | undefined, envToken: string | null): MetricsConfig {
  return {
    enabled: file?.enabled ?? true,
    token: envToken ?? file?.token ?? null,
    port: file?.port ?? null,
    operationNames: [...new Set(file?.operationNames ?? [])],
  };
}
