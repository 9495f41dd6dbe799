import { ROLES, type Role } from '#catalog/routes.ts';
import { mintToken } from './auth.ts';
import { parseFlags } from './args.ts';
import { startDemo } from './demo.ts';
import { runClockAhead } from '#domain/kernel/time.ts';
import { defaultDataDir, startLocalStack } from './stack.ts';

const flags = parseFlags(process.argv.slice(2));
if (flags.help) {
  console.log(`npm start -- [--port 3000] [--data-dir .local] [--no-demo] [--no-throttle] [--webhook URL ...] [--scan-interval SECONDS]
             [--clock-offset-ms MS]   (tests: run the platform's clock ahead)

Runs the platform locally: dynalite, fauxqs, every Lambda handler behind a local HTTP API,
the queue consumers and the alerts outbox. State persists in --data-dir (or $AIOPS_DATA_DIR).`);
  process.exit(0);
}

const dataDir = flags['data-dir'] ?? defaultDataDir();
if (flags['clock-offset-ms'] !== undefined) runClockAhead(Number(flags['clock-offset-ms']));
const port = Number(flags.port ?? process.env.PORT ?? 3000);
const SEVERITY_COLOUR: Record<string, string> = { critical: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[32m' };

const stack = await startLocalStack({
  dataDir,
  port,
  throttle: !flags['no-throttle'],
  webhookUrls: flags.webhook ?? (process.env.WEBHOOK_URLS ?? '').split(',').filter((u) => u !== ''),
  // With demo traffic the drift scan runs every minute so its effect shows quickly; otherwise at its own rate.
  ...(flags['scan-interval'] !== undefined
    ? { scheduleIntervalSeconds: Number(flags['scan-interval']) }
    : flags['no-demo']
      ? {}
      : { scheduleIntervalSeconds: 60 }),
  onNotice: (notice) => {
    const colour = notice.state === 'resolved' ? SEVERITY_COLOUR.info : SEVERITY_COLOUR[notice.severity];
    const kind = notice.title.startsWith('[RETRAIN')
      ? 'retrain'
      : `${notice.audience === 'escalation' ? 'escalation' : 'alert'} ${notice.state}`;
    console.log(`${colour ?? ''}[${kind}]\x1b[0m ${notice.title}`);
  },
});
const adminToken = await mintToken(stack.keys, { roles: ['admin'] satisfies Role[] });

console.log(`
AIOps platform, local stack
  API         ${stack.url}   (health: ${stack.url}/api/v1/aiops/health)
  data dir    ${dataDir}
  DynamoDB    ${stack.emulators.dynamodb} (dynalite)   SQS/SNS/S3 ${stack.emulators.fauxqs} (fauxqs)
  alerts      printed here and appended to ${stack.outboxFile}
  roles       ${ROLES.join(', ')}  (npm run token -- --role viewer)

admin token (12 h):
${adminToken}

try:
  curl -s -H "Authorization: Bearer $TOKEN" ${stack.url}/api/ai/monitoring/summary
`);
console.log(`local stack ready at ${stack.url}`);

let demo: { stop(): void } | undefined;
let statusTimer: NodeJS.Timeout | undefined;
if (!flags['no-demo']) {
  const ingest = await mintToken(stack.keys, { roles: ['ingest'] });
  let lastError = 0;
  demo = startDemo({
    url: stack.url,
    token: ingest,
    adminToken,
    onError: (error) => {
      if (Date.now() - lastError > 10_000) console.error('[demo]', error instanceof Error ? error.message : error);
      lastError = Date.now();
    },
  });
  console.log(
    'demo traffic: churn_classifier, sales_forecast, fraud_detector (its world changes after 60 s). Status every 15 s; --no-demo to turn off.\n',
  );
  statusTimer = setInterval(() => {
    void (async () => {
      const res = await fetch(`${stack.url}/api/ai/monitoring/summary`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      const body = (await res.json()) as {
        summary?: { total_predictions: number; status_distribution: Record<string, number> };
      };
      const rows: string[] = [];
      for (const name of ['churn_classifier', 'sales_forecast', 'fraud_detector']) {
        const perf = await fetch(`${stack.url}/api/ai/monitoring/performance?model_name=${name}&hours=1`, {
          headers: { authorization: `Bearer ${adminToken}` },
        });
        const p = (await perf.json()) as {
          performance?: {
            status: string;
            accuracy: number | null;
            avg_response_time: number | null;
            drift_score: number | null;
          };
        };
        if (p.performance) {
          const { status, accuracy, avg_response_time: rt, drift_score: drift } = p.performance;
          rows.push(
            `${name.padEnd(17)} ${status.padEnd(8)} acc ${accuracy?.toFixed(3) ?? '  -  '}  rt ${rt?.toFixed(3) ?? '-'}s  drift ${drift?.toFixed(2) ?? '-'}`,
          );
        }
      }
      console.log(
        `[status] ${body.summary?.total_predictions ?? 0} predictions  ${JSON.stringify(body.summary?.status_distribution ?? {})}\n  ${rows.join('\n  ')}`,
      );
    })().catch(() => undefined);
  }, 15_000);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping local stack (state kept in ${dataDir})`);
  demo?.stop();
  if (statusTimer) clearInterval(statusTimer);
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
