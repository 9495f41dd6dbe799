import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** One service name and namespace for every function's logs, metrics and traces. */
export const SERVICE_NAME = 'aiops-platform';
export const METRICS_NAMESPACE = 'AiOpsPlatform';

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

export { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
export { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
export { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
export { MetricUnit } from '@aws-lambda-powertools/metrics';
