import { startAiDemo } from './demo-ai.ts';

/**
 * Demo traffic for the local stack: three models log predictions and, a few seconds later,
 * their outcomes, through the public HTTP API.
 *
 * `fraud_detector` closes the MLOps loop. Its label is learnable (`amount` above a cut-off, with
 * 3% noise). The client's own rule is `amount > 500`. At FRAUD_CHANGE_AT seconds the world
 * changes: amounts shift up and the cut-off moves to 800. The old rule then fails on about half
 * the traffic, so the model turns warning, then critical. The drift scan sees the `amount` shift
 * and asks for a retrain, which trains on the newest outcomes and deploys a champion. From then
 * on the demo asks the platform for fraud predictions (`POST /api/ai/models/fraud_detector/predict`),
 * and the model is healthy again, judged on its champion's own predictions.
 *
 * Two services report metrics too (`checkout-api` with a memory leak, `search-api`), `search-api`
 * its HTTP requests as well, and a probe checks the platform's health endpoint; `billing-api`
 * has three days of history, so its forecasts are trained at start.
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
];

/** Seconds after the start when fraud_detector's world changes. */
export const FRAUD_CHANGE_AT = 60;
const FRAUD = 'fraud_detector';
/** The true cut-off of fraud at `t` seconds; amounts are centred on it. */
const fraudCutoff = (t: number): number => (t < FRAUD_CHANGE_AT ? 500 : 800);
/** Predictions per second for fraud_detector: its reference window (500 predictions) fills before the change. */
const FRAUD_RATE = 10;

export interface DemoOptions {
  readonly url: string;
  /** An ingest token (predictions and outcomes). */
  readonly token: string;
  /** An admin token, to give fraud_detector a training config suited to a demo. */
  readonly adminToken: string;
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
  const later = (seconds: number, work: () => Promise<unknown>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (running) work().catch((error: unknown) => options.onError?.(error));
    }, seconds * 1000);
    timers.add(timer);
  };
  const labelDelay = options.labelDelaySeconds ?? 3;

  // Train on recent outcomes only (the newest 400), so a retrain after the change learns the new cut-off.
  void fetch(`${options.url}/api/ai/models/${FRAUD}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      task: 'classification',
      min_samples: 100,
      training_rows: 400,
      hyperparameters: { n_estimators: 30, max_depth: 6 },
    }),
  }).catch((error: unknown) => options.onError?.(error));

  /** One second of fraud traffic: the platform's champion predicts once there is one, else the client's rule. */
  const fraudTick = async (t: number) => {
    const cases = Array.from({ length: FRAUD_RATE }, () => {
      seq += 1;
      const amount = Math.max(1, Math.round(fraudCutoff(t) + (Math.random() - 0.5) * 600));
      const truth = amount > fraudCutoff(t) !== Math.random() < 0.03 ? 'yes' : 'no';
      const features = { amount, hour: new Date().getUTCHours(), region: ['eu', 'us', 'apac'][seq % 3] };
      return { id: `demo_${FRAUD}_${started}_${seq}`, amount, truth, features };
    });
    const served = await fetch(`${options.url}/api/ai/models/${FRAUD}/predict`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ input_features: cases[0]?.features ?? {} }),
    });
    let outcomes: { id: string; truth: string }[];
    if (served.status === 200) {
      const first = (await served.json()) as { prediction_id: string };
      const rest = await Promise.all(
        cases.slice(1).map(async (c) => {
          const out = (await post(`/api/ai/models/${FRAUD}/predict`, { input_features: c.features })) as {
            prediction_id: string;
          };
          return { id: out.prediction_id, truth: c.truth };
        }),
      );
      outcomes = [{ id: first.prediction_id, truth: cases[0]?.truth ?? 'no' }, ...rest];
    } else {
      await served.arrayBuffer();
      await post('/api/ai/monitoring/log-predictions', {
        predictions: cases.map((c) => ({
          model_name: FRAUD,
          prediction_id: c.id,
          task_type: 'classification',
          prediction_data: { input_features: c.features },
          result: {
            prediction: c.amount > 500 ? 'yes' : 'no',
            // Less sure near its cut-off, as a real classifier is (CBPE calibrates on it).
            confidence: Math.round(Math.min(0.99, 0.55 + Math.abs(c.amount - 500) / 700) * 100) / 100,
            response_time: 0.05 + Math.random() * 0.1,
          },
        })),
      });
      outcomes = cases.map((c) => ({ id: c.id, truth: c.truth }));
    }
    later(labelDelay, () =>
      Promise.all(
        outcomes.map((o) =>
          post('/api/ai/monitoring/update-result', { prediction_id: o.id, actual_result: { actual_label: o.truth } }),
        ),
      ),
    );
  };

  /**
   * Two services report metrics: `checkout-api` leaks memory (about 12 points an hour), and
   * `search-api` is steady but for one CPU burst in its backfilled history. Two hours are
   * backfilled at start so charts and detection have a history; then a point every 10 s.
   */
  const servicePoint = (service: string, time: number) => {
    const minutes = (time - started) / 60_000;
    const wobble = Math.sin(time / 97_000) + (Math.random() - 0.5);
    const burst = service === 'search-api' && minutes > -45 && minutes < -40;
    return {
      timestamp: new Date(time).toISOString(),
      cpu: Math.min(100, (service === 'search-api' ? 35 : 55) + 4 * wobble + (burst ? 45 : 0)),
      memory: service === 'checkout-api' ? Math.min(99, 60 + minutes * 0.2 + wobble * 0.3) : 48 + wobble,
      response_time: Math.max(0.01, (service === 'search-api' ? 0.09 : 0.21) * (1 + 0.1 * wobble)),
      error_rate: Math.max(0, 0.004 + 0.002 * wobble),
      rps: Math.max(0, (service === 'search-api' ? 120 : 35) * (1 + 0.05 * wobble)),
    };
  };
  const SERVICES = ['checkout-api', 'search-api'];

  /**
   * `billing-api` has three days of history (5-minute points with a daily cycle, CPU creeping up
   * a few points a day), so its forecasters train at start: the forecast, its bands and the
   * suggestions show from the first minute. Then a point every 10 s like the others.
   */
  const billingPoint = (time: number) => {
    const day = (time - started) / 86_400_000;
    const cycle = Math.sin(2 * Math.PI * (time / 86_400_000 - 0.3));
    const wobble = Math.random() - 0.5;
    return {
      timestamp: new Date(time).toISOString(),
      cpu: Math.min(100, Math.max(0, 55 + 6 * day + 15 * cycle + 3 * wobble)),
      memory: 52 + 8 * cycle + wobble,
      response_time: Math.max(0.01, 0.18 + 0.05 * cycle + 0.02 * wobble),
      error_rate: Math.max(0, 0.004 + 0.002 * wobble),
    };
  };
  void (async () => {
    const history = Array.from({ length: 3 * 288 }, (_, i) => billingPoint(started - (3 * 288 - i) * 300_000));
    for (let i = 0; i < history.length; i += 1000)
      await post('/api/plugin-ai-analytics/collect-metrics/billing-api', { points: history.slice(i, i + 1000) });
    await fetch(`${options.url}/api/plugin-ai-analytics/train-models/billing-api`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.adminToken}` },
    });
  })().catch((error: unknown) => options.onError?.(error));
  for (const service of SERVICES)
    void post(`/api/plugin-ai-analytics/collect-metrics/${service}`, {
      points: Array.from({ length: 120 }, (_, i) => servicePoint(service, started - (120 - i) * 60_000)),
    }).catch((error: unknown) => options.onError?.(error));

  /**
   * `search-api` also sends its HTTP requests: about 40 a minute from a few dozen callers, 1 %
   * failing, but for a burst of 503s 20 minutes before the start (an hour is backfilled). A
   * probe checks the stack's own health endpoint every 30 s.
   */
  const httpEvents = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const time = from + Math.floor(Math.random() * 10_000);
      const minutes = (time - started) / 60_000;
      const burst = minutes > -21 && minutes < -19;
      const status = burst && Math.random() < 0.4 ? 503 : Math.random() < 0.01 ? 500 : Math.random() < 0.03 ? 404 : 200;
      return {
        timestamp: Math.min(time, Date.now()),
        method: i % 6 === 0 ? 'POST' : 'GET',
        endpoint: ['/search', '/search', '/search', '/suggest', '/health', '/items/42'][i % 6] ?? '/search',
        status,
        response_time: Math.max(0.005, 0.06 + 0.03 * Math.random() + (Math.random() < 0.02 ? 0.4 : 0)),
        client_ip: `198.51.100.${Math.floor(Math.random() * 30) + 1}`,
        bytes: 1200,
      };
    });
  const backfill = Array.from({ length: 360 }, (_, i) => httpEvents(started - (360 - i) * 10_000, 7)).flat();
  void (async () => {
    for (let i = 0; i < backfill.length; i += 1000)
      await post('/api/v1/aiops/http-events', { service: 'search-api', events: backfill.slice(i, i + 1000) });
  })().catch((error: unknown) => options.onError?.(error));
  void fetch(`${options.url}/api/v1/aiops/probes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'platform health',
      url: `${options.url}/api/v1/aiops/health`,
      interval_seconds: 30,
      expect: { status: 200, max_response_time: 1, body_contains: 'ok' },
      service: 'search-api',
    }),
  }).catch((error: unknown) => options.onError?.(error));
  let ticks = 0;

  const tick = async () => {
    const t = (Date.now() - started) / 1000;
    if (ticks++ % 10 === 0)
      await Promise.all([
        ...SERVICES.map((service) =>
          post(`/api/plugin-ai-analytics/collect-metrics/${service}`, servicePoint(service, Date.now())),
        ),
        post('/api/v1/aiops/http-events', { service: 'search-api', events: httpEvents(Date.now() - 10_000, 7) }),
        post('/api/plugin-ai-analytics/collect-metrics/billing-api', billingPoint(Date.now())),
      ]);
    await fraudTick(t);
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
      later(labelDelay, () =>
        Promise.all(
          items
            .filter((i) => !i.failed)
            .map((i) =>
              post('/api/ai/monitoring/update-result', {
                prediction_id: i.item.prediction_id,
                actual_result: { [m.task === 'regression' ? 'actual_sales' : 'actual_label']: i.actual },
              }),
            ),
        ),
      );
    }
  };

  const interval = setInterval(() => {
    tick().catch((error: unknown) => options.onError?.(error));
  }, 1000);
  const ai = startAiDemo({
    url: options.url,
    token: options.token,
    adminToken: options.adminToken,
    ...(options.onError !== undefined ? { onError: options.onError } : {}),
  });
  return {
    stop() {
      running = false;
      void ai.stop();
      clearInterval(interval);
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
