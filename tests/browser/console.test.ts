import type { Browser, Page } from 'playwright-core';
import { startStackProcess, type RunningStack } from '#local/child.ts';
import { apiClient, eventually, newDataDir, roleTokens } from '../support/local-stack.ts';
import { collectErrors, launchChromium, screenshot, settled, signIn, WIDTHS, type Viewport } from './support.ts';

const MONITORING = '/api/ai/monitoring';
/** expect.poll waits 1 s by default; a loaded CI machine needs longer. */
const POLL = { timeout: 20_000, interval: 200 };
const PAGES = [
  ['overview', ''],
  ['model', '#/models/churn_classifier'],
  ['service', '#/services/checkout-api'],
  ['probes', '#/probes'],
  ['ai-providers', '#/ai'],
  ['incidents', '#/incidents'],
  ['forecast', '#/services/billing-api'],
  ['retraining', '#/retraining'],
  ['alerts', '#/alerts'],
  ['settings', '#/settings'],
] as const;

interface AlertRow {
  alert_id: string;
  model_name: string;
  rule: string;
  state: string;
  suppressed?: string;
  acked_at?: string;
}

/**
 * The console in Debian's Chromium against the local stack with its demo traffic: what an
 * operator sees and does. Every page must log no console error.
 */
describe('the web console in a browser', () => {
  let stack: RunningStack;
  let browser: Browser;
  let tokens: Awaited<ReturnType<typeof roleTokens>>;
  const api = () => apiClient(stack.url);
  const pages: { page: Page; errors: string[] }[] = [];

  async function open(role: 'admin' | 'operator' | 'viewer', hash = '', viewport: Viewport = WIDTHS.desktop) {
    const page = await browser.newPage({ viewport });
    const errors = collectErrors(page);
    pages.push({ page, errors });
    await signIn(page, stack.url, role, hash);
    return { page, errors };
  }

  async function alerts(query: string): Promise<AlertRow[]> {
    const res = await api()('GET', `${MONITORING}/alerts?limit=200&${query}`, { token: tokens.admin });
    return res.body.alerts as AlertRow[];
  }

  beforeAll(async () => {
    const dir = newDataDir();
    [stack, browser] = await Promise.all([startStackProcess(dir, ['--no-throttle']), launchChromium()]);
    tokens = await roleTokens(dir);
  });
  afterAll(async () => {
    await browser.close();
    await stack.stop();
  });
  afterEach(() => {
    // No page may log an error, except where a test makes the API fail on purpose.
    const errors = pages.splice(0).flatMap((p) => p.errors);
    if (errors.length > 0) throw new Error(`the page logged errors:\n${errors.join('\n')}`);
  });

  it('shows the demo models on the overview, each with a status light', async () => {
    // Act
    const { page } = await open('admin');

    // Assess
    for (const name of ['churn_classifier', 'sales_forecast', 'fraud_detector']) {
      const light = page.getByTestId(`model-${name}`).locator('[data-status]');
      await light.waitFor({ timeout: 30_000 });
      expect(['healthy', 'warning', 'critical', 'training']).toContain(await light.getAttribute('data-status'));
    }
    await expect.poll(() => page.getByTestId('connection').textContent(), POLL).toMatch(/updated \d+ s ago/);
  });

  it('draws a model page with data in its charts, its drift report and its thresholds', async () => {
    // Act
    const { page } = await open('admin', '#/models/churn_classifier');

    // Assess: the evaluator records a snapshot every few seconds; each chart gets points.
    const accuracy = page.getByRole('img', { name: /^Accuracy: realised/ });
    await expect
      .poll(async () => Number(await accuracy.getAttribute('data-points')), { timeout: 40_000, interval: 500 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await page.getByRole('img', { name: /^Latency/ }).getAttribute('data-points')), POLL)
      .toBeGreaterThan(0);
    expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(5);
    await page.getByRole('heading', { name: 'Drift report' }).waitFor();
    expect(await page.getByRole('button', { name: 'Retrain now' }).count()).toBe(1);
  });

  it('lists the demo services and draws a service page: metric charts with data, the memory leak found, export', async () => {
    // Prepare
    const { page } = await open('viewer');
    await page.getByTestId('service-checkout-api').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('service-search-api').count()).toBe(1);

    // Act
    await page.getByTestId('service-checkout-api').click();

    // Assess
    await expect
      .poll(async () => Number(await page.getByRole('img', { name: /^Memory/ }).getAttribute('data-points')), POLL)
      .toBeGreaterThan(50);
    const leak = page.getByTestId('anomalies').locator('li', { hasText: 'memory leak' });
    await leak.first().waitFor({ timeout: 20_000 });
    expect(await leak.first().textContent()).toMatch(/What to do: Restart before it runs out of memory/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    expect((await download).suggestedFilename()).toBe('checkout-api.csv');
  });

  it("draws a service's HTTP traffic: requests by status, percentiles, top callers, and the 5xx burst found", async () => {
    // Act
    const { page } = await open('viewer', '#/services/search-api');

    // Assess
    await page.getByTestId('http-traffic').waitFor({ timeout: 30_000 });
    await expect
      .poll(
        async () =>
          Number(await page.getByRole('img', { name: /^Requests per minute by status/ }).getAttribute('data-points')),
        POLL,
      )
      .toBeGreaterThan(90);
    expect(
      Number(await page.getByRole('img', { name: /^Response time percentiles/ }).getAttribute('data-points')),
    ).toBeGreaterThan(90);
    expect(await page.getByTestId('top-ips').locator('tbody tr').count()).toBe(10);
    expect(await page.getByTestId('top-endpoints').textContent()).toMatch(/GET \/search/);
    const burst = page.getByTestId('anomalies').locator('li', { hasText: 'http 5xx burst' });
    await burst.first().waitFor({ timeout: 20_000 });
    expect(await burst.first().textContent()).toMatch(/server errors \(5xx\) in a minute/);
  });

  it("shows a service's health, suggestions and 24 h forecasts with bands, and retrains them on request", async () => {
    // Act: billing-api has three days of history; the demo trains its forecasters at start.
    const { page } = await open('operator', '#/services/billing-api');

    // Assess
    await page.getByTestId('insights').waitFor({ timeout: 30_000 });
    expect(Number(await page.getByTestId('health-score').textContent())).toBeGreaterThanOrEqual(0);
    const cpu = page.getByRole('img', { name: /^cpu forecast/ });
    await cpu.waitFor({ timeout: 30_000 });
    // 288 forecast steps, four lines and the band's two edges, plus the last hours of history.
    expect(Number(await cpu.getAttribute('data-points'))).toBeGreaterThan(288 * 5);
    await page.getByRole('button', { name: 'Train forecasters' }).click();
    await expect
      .poll(() => page.getByTestId('insights').getByRole('status').textContent(), POLL)
      .toMatch(/^Trained: .*cpu \(\w+, MASE [\d.]+\)/);
  });

  it('creates a probe by form (errors beside their fields), shows its checks, and deletes it', async () => {
    // Prepare
    const { page, errors } = await open('operator', '#/probes');
    page.on('dialog', (d) => void d.accept());
    const form = page.getByTestId('probe-form');
    await form.getByLabel('Name').fill('console probe');
    await form.getByLabel('URL').fill(`${stack.url}/api/v1/aiops/health`);

    // Act: first too often, then as allowed.
    await form.getByLabel('Every (s, ≥ 10)').fill('5');
    await form.getByRole('button', { name: 'Create probe' }).click();
    await form.locator('small.error').first().waitFor();
    await form.getByLabel('Every (s, ≥ 10)').fill('10');
    await form.getByRole('button', { name: 'Create probe' }).click();

    // Assess
    const row = page.getByTestId('probe-console probe');
    await row.waitFor({ timeout: 10_000 });
    await row.getByRole('button', { name: 'console probe' }).click();
    const checks = page.getByTestId('probe-checks').locator('tbody tr');
    await checks.first().waitFor({ timeout: 90_000 });
    expect(await checks.first().textContent()).toMatch(/ok200/);
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    // The browser logs the refused create; nothing else.
    expect(errors.splice(0)).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });

  it('runs a manual retrain and shows its progress until it finishes', async () => {
    // Prepare: fraud_detector trains on 100 labelled outcomes or more (10 a second in the demo).
    await eventually(async () => {
      const res = await api()('GET', `${MONITORING}/performance?model_name=fraud_detector&hours=1`, {
        token: tokens.admin,
      });
      const labelled = (res.body.performance as { labelled_count: number } | undefined)?.labelled_count ?? 0;
      return labelled >= 120 ? true : undefined;
    }, 40_000);
    const { page } = await open('operator', '#/retraining');
    await page.getByLabel('Retrain model').selectOption('fraud_detector');

    // Act
    await page.getByRole('button', { name: 'Start retrain' }).click();
    const queued = await page
      .getByRole('status')
      .filter({ hasText: /Queued/ })
      .textContent();
    const taskId = /Queued (\S+) for/.exec(queued ?? '')?.[1] ?? '';

    // Assess: seen as active with a progress bar, then in the history with its result.
    const seen = new Set<string>();
    const row = page.locator(`[data-testid="retrain-history"] [data-task="${taskId}"]`);
    await expect
      .poll(
        async () => {
          const active = page.locator(`[data-task="${taskId}"] progress`);
          if ((await active.count()) > 0) seen.add(`progress ${await active.getAttribute('value')}`);
          return row.count();
        },
        { timeout: 90_000, interval: 100 },
      )
      .toBe(1);
    expect(taskId).not.toBe('');
    expect(seen.size).toBeGreaterThan(0);
    expect(await row.textContent()).toMatch(/deployed|kept champion/);
  });

  it('acknowledges a firing alert from the list, and the list shows it acknowledged', async () => {
    // Prepare: a latency threshold every model breaks.
    await api()('PUT', `${MONITORING}/thresholds`, { token: tokens.admin, body: { response_time_threshold: 0.001 } });
    const firing = await eventually(async () => {
      const list = await alerts('model_name=churn_classifier&state=firing');
      return list.find((a) => a.rule === 'response_time_high_critical');
    }, 40_000);
    const { page } = await open('operator', '#/alerts');
    const row = page.locator(`[data-alert="${firing.alert_id}"]`);

    // Act
    await row.getByRole('button', { name: 'Acknowledge' }).click();

    // Assess
    await expect
      .poll(() => row.getByTestId('alert-state').textContent(), POLL)
      .toMatch(/acknowledged by local-operator/);
    expect(
      (await alerts('model_name=churn_classifier')).find((a) => a.alert_id === firing.alert_id)?.acked_at,
    ).toBeDefined();
    await screenshot(page, 'alerts-acknowledged');
  });

  it('creates a silence that keeps the next alert of its model from being notified', async () => {
    // Prepare
    const { page } = await open('operator', '#/alerts');
    const form = page.getByTestId('silence-form');
    await form.getByLabel('Model').fill('sales_forecast');
    await form.getByLabel('Rule').fill('error_rate_high_critical');
    await form.getByLabel('Comment').fill('browser test');

    // Act: silence, then make every model with errors break the error-rate threshold.
    await form.getByRole('button', { name: 'Silence' }).click();
    await page.getByTestId('silences').getByText('model_name=sales_forecast, rule=error_rate_high_critical').waitFor();
    await api()('PUT', `${MONITORING}/thresholds`, { token: tokens.admin, body: { error_rate_threshold: 0.0001 } });

    // Assess: the alert is recorded, silenced, and not notified; the latency alerts of the test
    // before were (the list does show notices).
    const silenced = await eventually(async () => {
      const list = await alerts('model_name=sales_forecast&state=firing');
      return list.find((a) => a.rule === 'error_rate_high_critical');
    }, 40_000);
    expect(silenced.suppressed).toBe('silenced');
    const notices = page.getByTestId('notices');
    await notices
      .getByText(/response_time_high_critical/)
      .first()
      .waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.locator(`[data-alert="${silenced.alert_id}"]`).getByTestId('alert-state').textContent(), POLL)
      .toMatch(/silenced/);
    expect(await notices.getByText('sales_forecast: error_rate_high_critical').count()).toBe(0);
  });

  it("edits alert rules by form and as YAML, with the API's validation errors shown inline", async () => {
    // Prepare
    const { page, errors } = await open('admin', '#/alerts');
    const form = page.getByTestId('rule-form');
    const yaml = page.getByTestId('rule-editor');
    const text = yaml.getByRole('textbox');
    await expect.poll(() => text.inputValue(), POLL).toContain('alert_rules:');

    // Act: a rule without a threshold, then a valid one.
    await form.getByLabel('Name').fill('p95_slow');
    await form.getByRole('button', { name: 'Save rule' }).click();
    const inline = form.locator('label', { hasText: 'Threshold' }).locator('.error');
    await inline.waitFor();
    await form.getByLabel('Metric').selectOption('p95_response_time');
    await form.getByLabel('Comparison').selectOption('>');
    await form.getByLabel('Threshold').fill('3');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await form.getByRole('status').filter({ hasText: 'Rule p95_slow saved.' }).waitFor();

    // Act: YAML naming a metric that does not exist.
    await expect.poll(() => text.inputValue(), POLL).toContain('p95_slow');
    await text.fill('alert_rules:\n  - name: x\n    condition: cpu > 9\n    severity: critical\n');
    await yaml.getByRole('button', { name: 'Validate and save' }).click();

    // Assess
    await yaml
      .getByRole('status')
      .getByText(/alert_rules\.0\.condition/)
      .waitFor();
    const rules = await api()('GET', `${MONITORING}/alert-rules`, { token: tokens.viewer });
    const names = (rules.body.rules as { name: string }[]).map((r) => r.name);
    expect(names).toContain('p95_slow');
    expect(names).not.toContain('x');
    expect(await inline.count()).toBe(0);
    // The browser logs the two refused saves; nothing else.
    expect(errors.splice(0)).toEqual(
      Array(2).fill('Failed to load resource: the server responded with a status of 400 (Bad Request)'),
    );
  });

  it('shows the AI providers: models with key age and health, spend against budget, usage by model and department, SLOs', async () => {
    // Prepare: the demo registers three models, two budgets and a week of usage.
    const { page, errors } = await open('operator', '#/ai');
    const models = page.getByTestId('ai-models');

    // Act: a health test of the flaky summarizer from its row.
    const row = page.getByTestId('ai-model-summarizer');
    await row.waitFor({ timeout: 60_000 });
    await row.getByRole('button', { name: 'Run health tests' }).click();

    // Assess
    await page
      .getByRole('status')
      .filter({ hasText: /^summarizer: health [\d.]+ \/ 100/ })
      .waitFor({ timeout: 20_000 });
    expect(await models.locator('tbody tr').count()).toBe(3);
    // A key shows as its last 4 characters and its age, never itself.
    expect(await page.getByTestId('ai-model-assistant').textContent()).toMatch(/…\w{4}\s*0 days old/);
    expect(await page.content()).not.toMatch(/sk-demo-/);
    await page.getByTestId('budget-all AI daily').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('budget-support monthly').textContent()).toMatch(/\$[\d.]+ of \$60\.00/);
    await expect
      .poll(() => page.getByTestId('ai-by-model').locator('tbody tr').count(), POLL)
      .toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId('ai-by-department').textContent()).toContain('marketing');
    await expect.poll(() => page.getByTestId('ai-totals').textContent(), POLL).toMatch(/calls, \$[\d.]+/);
    // The SLOs refresh every 30 s: a reload reads them after the demo's week of usage arrived.
    await page.reload();
    await expect.poll(() => page.getByTestId('ai-slos').locator('tbody tr').count(), POLL).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'ai-providers-operator');
    expect(errors).toEqual([]);
  });

  it('opens an incident by hand, shows its timeline and graded insight, and resolves it', async () => {
    // Prepare
    const { page, errors } = await open('operator', '#/incidents');
    const form = page.getByTestId('incident-form');

    // Act
    await form.getByLabel('Title').fill('Fraud scores look off');
    await form.getByLabel('Level').selectOption('L3');
    await form.getByLabel(/^Scope/).fill('fraud_detector');
    await form.getByRole('button', { name: 'Open incident' }).click();
    await page.getByRole('link', { name: 'Fraud scores look off' }).click();

    // Assess: the incident, its timeline, an insight whose every hypothesis is graded.
    await page.getByTestId('timeline').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('incident-status').textContent()).toBe('open');
    await page.getByTestId('insight').waitFor({ timeout: 20_000 });
    const grades = await page.getByTestId('hypotheses').locator('.sev').allTextContents();
    expect(grades.length).toBeGreaterThan(0);
    for (const g of grades) expect(['CONFIRMED', 'LIKELY', 'INCONCLUSIVE']).toContain(g);
    await page.getByLabel('Note').fill('looking at the drift report');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.getByTestId('timeline').textContent(), POLL).toContain('looking at the drift report');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.getByTestId('incident-status').textContent(), POLL).toBe('resolved');
    await screenshot(page, 'incident-operator');
    expect(errors).toEqual([]);
  });

  it("shows an alert's insight from the alerts list", async () => {
    // Prepare: the demo's fraud_detector drifts after 60 s and alerts.
    await eventually(async () => ((await alerts('state=firing')).length > 0 ? true : undefined), 120_000, 1000);
    const { page, errors } = await open('viewer', '#/alerts');

    // Act
    await page.getByRole('link', { name: 'insight' }).first().click();

    // Assess
    await page.getByTestId('evidence').locator('li').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('evidence').locator('li').first().textContent()).toMatch(/^E1/);
    expect(errors).toEqual([]);
  });

  it('shows a viewer no write controls on any page', async () => {
    // Act
    const { page } = await open('viewer');

    // Assess
    for (const [, hash] of PAGES) {
      await page.goto(`${stack.url}/?poll=500${hash}`);
      await page.locator('main h1').waitFor();
      await settled(page);
      for (const name of [
        'Retrain now',
        'Start retrain',
        'Acknowledge',
        'Silence…',
        'Save',
        'Validate and save',
        'Validate and apply',
        'Roll back to this',
        'Create probe',
        'Delete',
        'Train forecasters',
        'Run health tests',
        'Register',
        'Open incident',
        'Resolve',
      ])
        expect(await page.getByRole('button', { name, exact: true }).count(), `${hash}: ${name}`).toBe(0);
    }
    expect(await page.getByTestId('silence-form').count()).toBe(0);
  });

  it('says when the API is unreachable, keeps the last data, and recovers', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: WIDTHS.desktop });
    await signIn(page, stack.url, 'admin');
    await page.getByTestId('model-churn_classifier').waitFor({ timeout: 30_000 });

    // Act
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));

    // Assess
    // A request already in flight when the route went down may still answer once (and count as
    // the API answering); after that, every poll fails.
    await page.getByTestId('unreachable').waitFor();
    await expect.poll(() => page.getByTestId('connection').textContent(), POLL).toMatch(/API unreachable/);
    await page.getByTestId('unreachable').waitFor();
    expect(await page.getByTestId('model-churn_classifier').count()).toBe(1);
    await screenshot(page, 'overview-unreachable');
    await page.unroute('**/api/**');
    await page.getByTestId('unreachable').waitFor({ state: 'detached' });
    await page.close();
  });

  it('fits every page at 1280 px and on a 390 px phone, and takes their screenshots', async () => {
    for (const [label, viewport] of Object.entries(WIDTHS)) {
      const { page } = await open('admin', '', viewport);
      for (const [name, hash] of PAGES) {
        await page.goto(`${stack.url}/?poll=500${hash}`);
        await page.locator('main h1').waitFor();
        await settled(page);
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        expect(overflow, `${name} at ${label}`).toBeLessThanOrEqual(0);
        await screenshot(page, `${name}-${label}`);
      }
    }
  });

  it('can be used from the keyboard: a skip link first, then the navigation in order', async () => {
    // Prepare
    const { page } = await open('admin');

    // Act
    const focused: string[] = [];
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''"));
    }

    // Assess
    expect(focused).toEqual([
      'Skip to content',
      'Overview',
      'Services',
      'Probes',
      'AI providers',
      'Incidents',
      'Retraining',
      'Alerts',
      'Settings',
    ]);
  });
});
