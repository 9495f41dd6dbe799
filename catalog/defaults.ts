/** One service name and namespace for every function's logs, metrics and traces. */
export const SERVICE_NAME = 'aiops-platform';
export const METRICS_NAMESPACE = 'AiOpsPlatform';

/** Lambda settings a function gets unless its catalog entry says otherwise. */
export const FUNCTION_DEFAULTS = {
  /** MB. */
  memoryMb: 256,
  /** Seconds. */
  timeoutSeconds: 10,
} as const;
