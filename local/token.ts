import { ROLES, type Role } from '#catalog/routes.ts';
import { existsSync } from 'node:fs';
import { loadOrCreateKeys, mintToken, signingKeyFile } from './auth.ts';
import { parseFlags } from './args.ts';
import { defaultDataDir } from './stack.ts';

// Prints a bearer token for the local stack: `npm run token -- --role viewer [--role ingest] [--ttl 3600]`.
const flags = parseFlags(process.argv.slice(2));
const roles = flags.role ?? ['admin'];
const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
if (unknown.length > 0) {
  console.error(`unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  process.exit(2);
}
const dataDir = flags['data-dir'] ?? defaultDataDir();
// A token is only useful if the running stack's key signed it: never make a new key here.
if (!existsSync(signingKeyFile(dataDir))) {
  console.error(
    `no signing key in ${dataDir}: start the stack first (npm start), or pass the data dir of the running ` +
      `stack with --data-dir DIR (or AIOPS_DATA_DIR)`,
  );
  process.exit(2);
}
const keys = await loadOrCreateKeys(dataDir);
const ttl = flags.ttl === undefined ? undefined : Number(flags.ttl);
console.log(
  await mintToken(keys, {
    roles: roles as Role[],
    ...(ttl !== undefined && Number.isFinite(ttl) ? { ttlSeconds: ttl } : {}),
  }),
);
