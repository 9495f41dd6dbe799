import type { Scalar } from '#domain/kernel/model.ts';

/** A prediction the registry served, to be logged like any client's (monitoring's ingest path). */
export interface ServedPrediction {
  readonly model_name: string;
  readonly model_version: string;
  readonly prediction_data: { readonly input_features: Record<string, unknown> };
  readonly result: { readonly prediction: Scalar; readonly confidence?: number; readonly response_time: number };
}

/** Logs served predictions, so a served model is monitored like any other. */
export interface PredictionLogger {
  logPredictions(items: readonly ServedPrediction[]): Promise<readonly { readonly prediction_id: string }[]>;
}
