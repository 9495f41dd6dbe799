import { parseArgs } from 'node:util';

/** Command-line flags of `npm start` and `npm run token`. */
export function parseFlags(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
      'no-throttle': { type: 'boolean', default: false },
      role: { type: 'string', multiple: true },
      webhook: { type: 'string', multiple: true },
      'scan-interval': { type: 'string' },
      ttl: { type: 'string' },
      'clock-offset-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  return values;
}
