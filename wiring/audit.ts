import { createHash } from 'node:crypto';
import { DynamoAuditStore } from '#adapters/dynamodb/audit.adapter.ts';
import { ENV } from '#catalog/env.ts';
import { createAuditLog } from '#domain/audit/service.ts';
import { documents } from '#platform/aws/clients.ts';
import { requireString } from '#platform/config.ts';
import type { Env } from './stores.ts';

/** Composition root of the audit log. */
export function auditLog(env: Env) {
  return createAuditLog({
    store: new DynamoAuditStore(documents(), requireString(env, ENV.auditTable)),
    sha256: (text) => createHash('sha256').update(text).digest('hex'),
  });
}
