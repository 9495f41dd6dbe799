import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { METRIC_STORE_KINDS, type MetricStoreKind } from '#catalog/env.ts';
import { applyNagAcknowledgements } from './nag-suppressions.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';

function contextList(app: App, key: string): string[] {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map(String);
  // `-c alertEmails=a@x.com,b@y.com` arrives as one string.
  return (typeof value === 'string' ? value : JSON.stringify(value))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Builds the platform's stacks. The context value `metricsStore` (`dynamodb` | `timestream`)
 * chooses the metric store; `alertEmails`, `alertSmsNumbers` and `alertWebhookUrls` subscribe
 * people and systems to alerts; `consoleDomainPrefix` names the console's sign-in domain;
 * `insightBedrockModel` is the Bedrock model of incident narratives by default (`none`: none).
 */
export function buildApp(app: App): { stateful: StatefulStack; api: ApiStack } {
  const raw = String(app.node.tryGetContext('metricsStore') ?? 'dynamodb');
  if (!(METRIC_STORE_KINDS as readonly string[]).includes(raw)) {
    throw new Error(`context metricsStore must be one of ${METRIC_STORE_KINDS.join(', ')}, got '${raw}'`);
  }
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new StatefulStack(app, 'AiOpsStateful', {
    env,
    metricsStore: raw as MetricStoreKind,
    subscribers: {
      emails: contextList(app, 'alertEmails'),
      smsNumbers: contextList(app, 'alertSmsNumbers'),
      webhookUrls: contextList(app, 'alertWebhookUrls'),
      escalationEmails: contextList(app, 'escalationEmails'),
    },
  });
  const domainPrefix: unknown = app.node.tryGetContext('consoleDomainPrefix');
  const insightModel: unknown = app.node.tryGetContext('insightBedrockModel');
  const api = new ApiStack(app, 'AiOpsApi', {
    env,
    resources: stateful,
    ...(typeof insightModel === 'string' && insightModel !== '' ? { insightBedrockModel: insightModel } : {}),
    ...(typeof domainPrefix === 'string' && domainPrefix !== '' ? { consoleDomainPrefix: domainPrefix } : {}),
  });
  Tags.of(app).add('project', 'aiops-platform');
  applyNagAcknowledgements(stateful, api);
  // cdk-nag runs on every synth: a new unacknowledged finding fails `cdk synth` and the infra tests.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, api };
}
