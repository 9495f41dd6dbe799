/**
 * Demo traffic for the local stack: three models log predictions and, a few seconds later,
 * their outcomes, through the public HTTP API with an ingest token. `fraud_detector` degrades
 * steadily (accuracy falls, latency and errors rise), so within two or three minutes it turns
 * warning, then critical, and alerts appear.
 */
interface DemoModel {
  readonly name: string;
  readonly task: 'classification' | 'regression';
  /** Accuracy (probability of a right answer, or 1 - relative error) at `t` seconds. */
  quality(t: number): number;
  latency(t: number): number;
  errorRate(t: number): number;
  /** Mean of the `amount` input at `t` seconds (covariate shift). */
  amountMean(t: number): number;
}

const MODELS: readonly DemoModel[] = [
  {
    name: 'churn_classifier',
    task: 'classification',
    quality: () => 0.91,
    latency: () => 0.08,
    errorRate: () => 0.005,
    amountMean: () => 500,
  },
  {
    name: 'sales_forecast',
    task: 'regression',
    quality: () => 0.93,
    latency: () => 0.15,
    errorRate: () => 0.01,
    amountMean: () => 500,
  },
  {
    name: 'fraud_detector',
    task: 'classification',
    quality: (t) => Math.max(0.35, 0.93 - t / 200),
    latency: (t) => 0.12 + t / 600,
    errorRate: (t) => Math.min(0.05, 0.005 + t / 20_000),
    amountMean: (t) => 500 + t * 2,
  },
];

export interface DemoOptions {
  readonly url: string;
  readonly token: string;
  /** Predictions per model per second. @default 5 */
  readonly rate?: number;
  /** Seconds until an outcome is reported. @default 3 */
  readonly labelDelaySeconds?: number;
  readonly onError?: (error: unknown) => void;
}

export function startDemo(options: DemoOptions): { stop(): void } {
  const rate = options.rate ?? 5;
  const started = Date.now();
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
  const timers = new Set<NodeJS.Timeout>();
  let running = true;
  let seq = 0;

  const post = async (path: string, body: unknown): Promise<unknown> => {
    const res = await fetch(`${options.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };

  const tick = async () => {
    const t = (Date.now() - started) / 1000;
    for (const m of MODELS) {
      const items = Array.from({ length: rate }, () => {
        seq += 1;
        const amount = Math.max(1, Math.round(m.amountMean(t) + (Math.random() - 0.5) * 600));
        const failed = Math.random() < m.errorRate(t);
        const actual = m.task === 'regression' ? amount * 1000 : Math.random() < 0.5 ? 'yes' : 'no';
        const right = Math.random() < m.quality(t);
        const prediction =
          m.task === 'regression'
            ? Math.round((actual as number) * (1 + (right ? 0.05 : 0.4) * (Math.random() < 0.5 ? -1 : 1)))
            : right
              ? actual
              : actual === 'yes'
                ? 'no'
                : 'yes';
        return {
          item: {
            model_name: m.name,
            prediction_id: `demo_${m.name}_${started}_${seq}`,
            task_type: m.task,
            prediction_data: {
              input_features: { amount, hour: new Date().getUTCHours(), region: ['eu', 'us', 'apac'][seq % 3] },
            },
            result: failed
              ? { response_time: m.latency(t) * 3, error: 'upstream feature store timeout' }
              : {
                  prediction,
                  // Confidence carries information about correctness, as a real classifier's does (CBPE calibrates on it).
                  confidence: Math.round((right ? 0.7 + Math.random() * 0.29 : 0.5 + Math.random() * 0.3) * 100) / 100,
                  response_time: Math.max(0.001, m.latency(t) * (0.5 + Math.random())),
                },
          },
          actual,
          failed,
        };
      });
      await post('/api/ai/monitoring/log-predictions', { predictions: items.map((i) => i.item) });
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          if (!running) return;
          void Promise.all(
            items
              .filter((i) => !i.failed)
              .map((i) =>
                post('/api/ai/monitoring/update-result', {
                  prediction_id: i.item.prediction_id,
                  actual_result: { [m.task === 'regression' ? 'actual_sales' : 'actual_label']: i.actual },
                }),
              ),
          ).catch((error: unknown) => options.onError?.(error));
        },
        (options.labelDelaySeconds ?? 3) * 1000,
      );
      timers.add(timer);
    }
  };

  const interval = setInterval(() => {
    tick().catch((error: unknown) => options.onError?.(error));
  }, 1000);
  return {
    stop() {
      running = false;
      clearInterval(interval);
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
