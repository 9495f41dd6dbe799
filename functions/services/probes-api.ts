import { probePathSchema, probeResultsQuerySchema, probeSpecSchema } from '#contracts/services.schema.ts';
import type { Probe } from '#domain/services/probes.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody, parsePath, parseQuery } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { probes as probesOf } from '#wiring/services.ts';

/** With the alert manager: deleting a probe resolves its alerts. */
const probes = probesOf(process.env, { alerts: true });

/** A probe as the API shows it: times as ISO 8601, the concurrency version left out. */
function view({ version: _version, next_run_at, ...probe }: Probe) {
  return { ...probe, next_run_at: new Date(next_run_at).toISOString() };
}

export const handler = createHttpApi('probesApi', {
  createProbe: async (event) => ok({ probe: view(await probes.create(parseBody(event, probeSpecSchema))) }, 201),
  listProbes: async () => ok({ probes: (await probes.list()).map(view) }),
  updateProbe: async (event) => {
    const { probe_id } = parsePath(event, probePathSchema);
    return ok({ probe: view(await probes.update(probe_id, parseBody(event, probeSpecSchema))) });
  },
  deleteProbe: async (event) => {
    const { probe_id } = parsePath(event, probePathSchema);
    await probes.remove(probe_id);
    return ok({ probe_id, deleted: true as const });
  },
  getProbeResults: async (event) => {
    const { probe_id } = parsePath(event, probePathSchema);
    const { limit } = parseQuery(event, probeResultsQuerySchema);
    const results = await probes.results(probe_id, limit);
    return ok({ probe_id, results: results.map(({ probe_id: _id, ...r }) => r) });
  },
});
