import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

import { METRICS_NAMESPACE, SERVICE_NAME } from '#catalog/defaults.ts';

export { METRICS_NAMESPACE, SERVICE_NAME };

export const logger = new Logger({ serviceName: SERVICE_NAME });

const functionLoggers = new Map<string, Logger>();

/**
 * The logger of one function: a child of `logger` with its own Lambda context. In AWS each
 * process runs one function, so this changes nothing; the local stack runs every function in one
 * process, where a shared logger would tag a drift scan's lines with whichever handler started
 * last.
 */
export function loggerFor(fn: string): Logger {
  let child = functionLoggers.get(fn);
  if (child === undefined) {
    child = logger.createChild();
    functionLoggers.set(fn, child);
  }
  return child;
}
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger });
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

export { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
export { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
export { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
export { MetricUnit } from '@aws-lambda-powertools/metrics';
