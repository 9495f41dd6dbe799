import * as z from 'zod/mini';
import { int, queryInt, str } from './zod.ts';

/** `GET /api/v1/aiops/audit`: newest first, paged by `before` (a seq), optionally within [from, to]. */
export const auditQuerySchema = z.strictObject({
  limit: queryInt(1, 1000, 100),
  before: z.optional(z.pipe(z.coerce.number(), int(1, Number.MAX_SAFE_INTEGER))),
  from: z.optional(z.iso.datetime({ offset: true })),
  to: z.optional(z.iso.datetime({ offset: true })),
  format: z._default(z.enum(['json', 'csv']), 'json'),
  verify: z._default(z.enum(['true', 'false']), 'false'),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  chain: str(1, 100),
  seq: int(1, Number.MAX_SAFE_INTEGER),
  at: z.string(),
  subject: z.string(),
  roles: z.array(z.string()),
  route: z.string(),
  method: z.string(),
  path: z.string(),
  target: z.string(),
  request_id: z.string(),
  status: z.number(),
  outcome: z.enum(['success', 'rejected', 'failed']),
  prev_hash: z.string(),
  hash: z.string(),
});
