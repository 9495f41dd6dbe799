import {
  alertInsightPathSchema,
  incidentPathSchema,
  incidentSettingsSchema,
  listIncidentsQuerySchema,
  openIncidentSchema,
  postmortemQuerySchema,
  updateIncidentSchema,
} from '#contracts/incidents.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { callerOf, parseBody, parsePath, parseQuery } from '#platform/http/parse.ts';
import { ok, text } from '#platform/http/response.ts';
import { INCIDENT_SETTINGS_DOC, incidentSettings, incidents as incidentsOf } from '#wiring/incidents.ts';
import { aiModels } from '#wiring/providers.ts';
import { config } from '#wiring/stores.ts';

const incidents = incidentsOf(process.env, { narratives: true });
const settings = config(process.env);
const models = aiModels(process.env);

export const handler = createHttpApi('incidentsApi', {
  openIncident: async (event) =>
    ok({ incident: await incidents.open(parseBody(event, openIncidentSchema), callerOf(event)) }, 201),
  listIncidents: async (event) => {
    const { status } = parseQuery(event, listIncidentsQuerySchema);
    return ok({ incidents: await incidents.list(status) });
  },
  getIncidentMetrics: async () => ok({ scopes: await incidents.metrics() }),
  getIncidentSettings: async () => ok(await incidentSettings(settings)),
  putIncidentSettings: async (event) => {
    const body = parseBody(event, incidentSettingsSchema);
    // The narrator must be a registered model (404 otherwise), so a typo does not silently disable narratives.
    if (body.insight_model !== null) await models.get(body.insight_model);
    await settings.put(INCIDENT_SETTINGS_DOC.key, body);
    return ok(body);
  },
  getIncident: async (event) => {
    const { incident_id } = parsePath(event, incidentPathSchema);
    const incident = await incidents.get(incident_id);
    return ok({ incident, timeline: await incidents.timeline(incident_id) });
  },
  updateIncident: async (event) => {
    const { incident_id } = parsePath(event, incidentPathSchema);
    return ok({
      incident: await incidents.update(incident_id, parseBody(event, updateIncidentSchema), callerOf(event)),
    });
  },
  getIncidentInsight: async (event) => {
    const { incident_id } = parsePath(event, incidentPathSchema);
    return ok({ insight: await incidents.insight(incident_id) });
  },
  getIncidentPostmortem: async (event) => {
    const { incident_id } = parsePath(event, incidentPathSchema);
    const { format } = parseQuery(event, postmortemQuerySchema);
    const markdown = await incidents.postmortem(incident_id);
    if (format === 'json') return ok({ incident_id, markdown });
    return {
      ...text('text/markdown; charset=utf-8', markdown),
      headers: {
        'content-type': 'text/markdown; charset=utf-8',
        'content-disposition': `attachment; filename="postmortem-${incident_id}.md"`,
      },
    };
  },
  getAlertInsight: async (event) => {
    const { alert_id } = parsePath(event, alertInsightPathSchema);
    return ok({ insight: await incidents.alertInsight(alert_id) });
  },
});
