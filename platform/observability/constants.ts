/** One service name and namespace for every function's logs, metrics and traces. */
export const SERVICE_NAME = 'aiops-platform';
export const METRICS_NAMESPACE = 'AiOpsPlatform';
