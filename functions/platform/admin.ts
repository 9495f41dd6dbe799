import { auditQuerySchema } from '#contracts/audit.schema.ts';
import { auditCsv } from '#domain/audit/export.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseQuery } from '#platform/http/parse.ts';
import { ok, text } from '#platform/http/response.ts';
import { auditLog } from '#wiring/audit.ts';

const audit = auditLog(process.env);

export const handler = createHttpApi('platformAdmin', {
  listAudit: async (event) => {
    const q = parseQuery(event, auditQuerySchema);
    const entries = await audit.list({
      limit: q.limit,
      ...(q.before !== undefined ? { before: q.before } : {}),
      ...(q.from !== undefined ? { from: new Date(q.from).toISOString() } : {}),
      ...(q.to !== undefined ? { to: new Date(q.to).toISOString() } : {}),
    });
    if (q.format === 'csv') return text('text/csv; charset=utf-8', auditCsv(entries));
    return ok({ entries, ...(q.verify === 'true' ? { verification: await audit.verify() } : {}) });
  },
});
