import { dump } from 'js-yaml';
import { auditQuerySchema } from '#contracts/audit.schema.ts';
import {
  configFormatQuerySchema,
  configImportQuerySchema,
  configVersionParamsSchema,
  platformConfigSchema,
} from '#contracts/config.schema.ts';
import { auditCsv } from '#domain/audit/export.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { checkAgainst, documentBody, parseDocument } from '#platform/http/document.ts';
import { callerOf, parsePath, parseQuery } from '#platform/http/parse.ts';
import { ok, text } from '#platform/http/response.ts';
import { auditLog } from '#wiring/audit.ts';
import { configuration } from '#wiring/configuration.ts';

const audit = auditLog(process.env);
const config = configuration(process.env);

export const handler = createHttpApi(
  'platformAdmin',
  {
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
    getConfig: async (event) => {
      const { format } = parseQuery(event, configFormatQuerySchema);
      const doc = await config.export();
      if (format === 'yaml') return text('application/yaml; charset=utf-8', dump(doc, { noRefs: true }));
      return ok({ config: doc });
    },
    validateConfig: (event) => Promise.resolve(ok(checkAgainst(platformConfigSchema, documentBody(event)))),
    putConfig: async (event) => {
      const { dry_run } = parseQuery(event, configImportQuerySchema);
      const doc = parseDocument(event, platformConfigSchema);
      return ok(await config.import(doc, callerOf(event), { dryRun: dry_run === 'true' }));
    },
    listConfigVersions: async () => ok({ versions: await config.versions() }),
    getConfigVersion: async (event) => {
      const { version } = parsePath(event, configVersionParamsSchema);
      return ok({ version: await config.version(version) });
    },
    restoreConfigVersion: async (event) => {
      const { version } = parsePath(event, configVersionParamsSchema);
      const { dry_run } = parseQuery(event, configImportQuerySchema);
      return ok(await config.restore(version, callerOf(event), dry_run === 'true'));
    },
  },
  { audit },
);
