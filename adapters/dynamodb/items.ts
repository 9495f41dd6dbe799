import type { AlertInstance, AlertRecord, Silence } from '#domain/alerting/types.ts';
import type { ModelRecord, ModelVersion, PredictionRecord } from '#domain/kernel/model.ts';
import type { RetrainTask } from '#domain/retraining/types.ts';

type Kind = 'string' | 'number';

/**
 * Reads a stored item as a domain record: the attributes every record of that kind has are
 * checked (a table written by another version, or by hand, fails loudly here, not somewhere
 * downstream), and the adapter's own bookkeeping attributes are dropped.
 */
function checked(
  item: Record<string, unknown>,
  what: string,
  fields: Record<string, Kind>,
  drop: readonly string[] = [],
): Record<string, unknown> {
  for (const [name, kind] of Object.entries(fields)) {
    if (typeof item[name] !== kind) throw new Error(`stored ${what} has no ${kind} '${name}'`);
  }
  if (drop.length === 0) return item;
  return Object.fromEntries(Object.entries(item).filter(([k]) => !drop.includes(k)));
}

export const modelFromItem = (item: Record<string, unknown>) =>
  checked(item, 'model', { model_name: 'string', task_type: 'string', created_at: 'string' }) as unknown as ModelRecord;

export const predictionFromItem = (item: Record<string, unknown>) =>
  checked(item, 'prediction', {
    prediction_id: 'string',
    model_name: 'string',
    ts: 'number',
    bucket: 'string',
    response_time: 'number',
  }) as unknown as PredictionRecord;

export const versionFromItem = (item: Record<string, unknown>) =>
  checked(item, 'model version', {
    model_name: 'string',
    version: 'string',
    status: 'string',
    artifact_key: 'string',
  }) as unknown as ModelVersion;

export const taskFromItem = (item: Record<string, unknown>) =>
  checked(item, 'retrain task', {
    task_id: 'string',
    model_name: 'string',
    status: 'string',
    created_at: 'string',
  }) as unknown as RetrainTask;

export const alertRecordFromItem = (item: Record<string, unknown>, drop: readonly string[]) =>
  checked(item, 'alert', { alert_id: 'string', model_name: 'string', state: 'string' }, drop) as unknown as AlertRecord;

export const instanceFromItem = (item: Record<string, unknown>) =>
  checked(item, 'alert instance', { model_name: 'string', rule: 'string', alert_id: 'string', version: 'number' }, [
    'pk',
    'sk',
  ]) as unknown as AlertInstance;

export const silenceFromItem = (item: Record<string, unknown>) =>
  checked(item, 'silence', { silence_id: 'string', ends_at: 'string' }, ['pk', 'sk']) as unknown as Silence;
