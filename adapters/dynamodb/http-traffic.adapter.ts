import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  addDetails,
  type MinuteCounters,
  type MinuteDetail,
  type MinuteTraffic,
} from '#domain/services/http-traffic.ts';
import type { HttpTrafficStore } from '#domain/services/services.ports.ts';
import { batchWrite, chunk, mapLimit, queryAll } from './batch.ts';
import { conditionalWrite } from './conditional.ts';

/** Sketch bins per UpdateItem: keeps the expression well under DynamoDB's 4 KB. */
const BINS_PER_UPDATE = 150;
const SCALARS = ['requests', 's2xx', 's3xx', 's4xx', 's5xx', 'rt_sum', 'bytes'] as const;
const NOT_BINS = new Set<string>([...SCALARS, 'service', 'sk', 'rt_min', 'rt_max', 'batches', 'expires_at', 'minute']);

const iso = (ms: number) => new Date(ms).toISOString();
const minuteOf = (ms: number) => Math.floor(ms / 60_000) * 60_000;
const countersKey = (minute: number) => `c#${iso(minute)}`;
const detailPrefix = (minute: number) => `d#${iso(minute)}#`;

function countersFromItem(item: Record<string, unknown>): MinuteCounters {
  const bins: Record<string, number> = {};
  for (const [k, v] of Object.entries(item)) if (!NOT_BINS.has(k) && typeof v === 'number') bins[k] = v;
  const num = (k: string) => (typeof item[k] === 'number' ? item[k] : 0);
  return {
    minute: Date.parse(String(item.sk).slice(2)),
    requests: num('requests'),
    s2xx: num('s2xx'),
    s3xx: num('s3xx'),
    s4xx: num('s4xx'),
    s5xx: num('s5xx'),
    rt_sum: num('rt_sum'),
    rt_min: num('rt_min'),
    rt_max: num('rt_max'),
    bytes: num('bytes'),
    bins,
  };
}

function detailFromItem(item: Record<string, unknown>): MinuteDetail & { batches: Set<string>; folded: boolean } {
  const map = (v: unknown) => (v ?? {}) as Record<string, number>;
  const sk = String(item.sk);
  return {
    minute: Date.parse(sk.slice(2, sk.indexOf('#', 2))),
    ips: map(item.ips),
    endpoints: map(item.endpoints),
    pairs: map(item.pairs),
    errors: map(item.errors),
    truncated: item.truncated === true,
    batches: item.batches instanceof Set ? (item.batches as Set<string>) : new Set(),
    folded: sk.endsWith('#f'),
  };
}

/**
 * HTTP traffic in one DynamoDB table, partition per service:
 * - `c#<minute>`: the minute's counters, added with one atomic `ADD` per part of a batch, each
 *   part guarded by its marker (`<batch>#<part>`) in the item's `batches` set, so a batch is
 *   counted once whatever retries, duplicates or crashes between parts do;
 * - `d#<minute>#b#<batch>`: one batch's callers of the minute (a Put, idempotent by key);
 * - `d#<minute>#f`: the callers of the batches folded so far, with their ids; reads skip a batch
 *   item the fold already holds, so a crash between the fold and the deletes changes nothing.
 * Everything expires after 30 days.
 */
export class DynamoHttpTrafficStore implements HttpTrafficStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 30,
  ) {}

  private expiry(minute: number): number {
    return Math.floor(minute / 1000) + this.retentionDays * 86_400;
  }

  public async add(
    service: string,
    batchId: string,
    minutes: readonly MinuteTraffic[],
  ): Promise<{ duplicate: boolean; counters: MinuteCounters[] }> {
    let duplicate = true;
    const counters = await mapLimit(minutes, 4, async ({ counters: c, detail }) => {
      // The callers first: a crash after it leaves a detail the retry puts again, unchanged.
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            service,
            sk: `${detailPrefix(c.minute)}b#${batchId}`,
            ips: detail.ips,
            endpoints: detail.endpoints,
            pairs: detail.pairs,
            errors: detail.errors,
            truncated: detail.truncated,
            expires_at: this.expiry(c.minute),
          },
        }),
      );
      const parts = chunk(Object.entries(c.bins), BINS_PER_UPDATE);
      if (parts.length === 0) parts.push([]);
      let latest: Record<string, unknown> | undefined;
      let complete = true;
      for (const [i, bins] of parts.entries()) {
        const names: Record<string, string> = { '#batches': 'batches' };
        const values: Record<string, unknown> = {
          ':marker': `${batchId}#${i}`,
          ':markers': new Set([`${batchId}#${i}`]),
        };
        const adds = bins.map(([bin, n], j) => {
          names[`#b${j}`] = bin;
          values[`:b${j}`] = n;
          return `#b${j} :b${j}`;
        });
        const sets = ['expires_at = if_not_exists(expires_at, :exp)'];
        values[':exp'] = this.expiry(c.minute);
        if (i === 0) {
          for (const k of SCALARS) {
            adds.push(`${k} :${k}`);
            values[`:${k}`] = c[k];
          }
          sets.push('rt_min = if_not_exists(rt_min, :min)', 'rt_max = if_not_exists(rt_max, :max)');
          values[':min'] = c.rt_min;
          values[':max'] = c.rt_max;
        }
        adds.push('#batches :markers');
        const result = await conditionalWrite(this.doc, {
          update: {
            TableName: this.tableName,
            Key: { service, sk: countersKey(c.minute) },
            UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
            ConditionExpression: 'attribute_not_exists(#batches) OR NOT contains(#batches, :marker)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          },
        });
        if (result.written) latest = result.attributes;
        else complete = false;
        if (i === 0 && result.written) duplicate = false;
      }
      let item: Record<string, unknown> | undefined =
        complete && latest !== undefined
          ? latest
          : (
              await this.doc.send(
                new GetCommand({
                  TableName: this.tableName,
                  Key: { service, sk: countersKey(c.minute) },
                  ConsistentRead: true,
                }),
              )
            ).Item;
      // The minimum and maximum only ever move outwards: idempotent, so no marker needed.
      for (const [attr, value, cmp] of [
        ['rt_min', c.rt_min, '>'],
        ['rt_max', c.rt_max, '<'],
      ] as const) {
        const stored: unknown = item?.[attr];
        if (typeof stored === 'number' && (cmp === '>' ? stored > value : stored < value)) {
          const r = await conditionalWrite(this.doc, {
            update: {
              TableName: this.tableName,
              Key: { service, sk: countersKey(c.minute) },
              UpdateExpression: `SET ${attr} = :v`,
              ConditionExpression: `${attr} ${cmp} :v`,
              ExpressionAttributeValues: { ':v': value },
              ReturnValues: 'ALL_NEW',
            },
          });
          if (r.written) item = r.attributes;
        }
      }
      return countersFromItem(item ?? {});
    });
    return { duplicate: minutes.length > 0 && duplicate, counters };
  }

  /** The items of a service whose sort keys lie in [lo, hi]. */
  private async range<T>(service: string, lo: string, hi: string, map: (item: Record<string, unknown>) => T) {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'service = :s AND sk BETWEEN :f AND :t',
        ExpressionAttributeValues: { ':s': service, ':f': lo, ':t': hi },
      },
      map,
    );
  }

  public async counters(service: string, from: number, to: number): Promise<MinuteCounters[]> {
    return this.range(service, countersKey(minuteOf(from)), countersKey(minuteOf(to)), countersFromItem);
  }

  private async detailItems(service: string, from: number, to: number) {
    return this.range(service, detailPrefix(minuteOf(from)), `${detailPrefix(minuteOf(to))}~`, (item) => ({
      sk: String(item.sk),
      ...detailFromItem(item),
    }));
  }

  /** Per minute: the fold (if any) and the batch items it does not hold yet. */
  private static group(items: Awaited<ReturnType<DynamoHttpTrafficStore['detailItems']>>) {
    const byMinute = new Map<number, { folded?: (typeof items)[number]; loose: (typeof items)[number][] }>();
    for (const item of items) {
      const g = byMinute.get(item.minute) ?? { loose: [] };
      if (item.folded) g.folded = item;
      else g.loose.push(item);
      byMinute.set(item.minute, g);
    }
    for (const g of byMinute.values()) {
      const held = g.folded?.batches ?? new Set<string>();
      g.loose = g.loose.filter((i) => !held.has(i.sk.slice(i.sk.lastIndexOf('#') + 1)));
    }
    return byMinute;
  }

  public async details(service: string, from: number, to: number): Promise<MinuteDetail[]> {
    const grouped = DynamoHttpTrafficStore.group(await this.detailItems(service, from, to));
    return [...grouped.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([, g]) => {
        const parts = [...(g.folded === undefined ? [] : [g.folded]), ...g.loose];
        const first = parts[0];
        if (first === undefined) return [];
        const merged = parts.slice(1).reduce<MinuteDetail>((acc, d) => addDetails(acc, d), first);
        return [
          {
            minute: merged.minute,
            ips: merged.ips,
            endpoints: merged.endpoints,
            pairs: merged.pairs,
            errors: merged.errors,
            truncated: merged.truncated,
          },
        ];
      });
  }

  public async compact(service: string, before: number): Promise<void> {
    const grouped = DynamoHttpTrafficStore.group(await this.detailItems(service, 0, before - 60_000));
    for (const [minute, g] of grouped) {
      if (g.loose.length === 0) continue;
      const base = g.folded;
      const merged = g.loose.reduce<MinuteDetail>(
        (acc, d) => addDetails(acc, d),
        base ?? { minute, ips: {}, endpoints: {}, pairs: {}, errors: {}, truncated: false },
      );
      const ids = g.loose.map((i) => i.sk.slice(i.sk.lastIndexOf('#') + 1));
      const batches = new Set([...(base?.batches ?? []), ...ids]);
      // Conditional on the fold read: a concurrent compaction folds the same batches, once.
      const written = await conditionalWrite(this.doc, {
        put: {
          TableName: this.tableName,
          Item: {
            service,
            sk: `${detailPrefix(minute)}f`,
            ips: merged.ips,
            endpoints: merged.endpoints,
            pairs: merged.pairs,
            errors: merged.errors,
            truncated: merged.truncated,
            batches,
            expires_at: this.expiry(minute),
          },
          ConditionExpression: base === undefined ? 'attribute_not_exists(sk)' : 'size(batches) = :held',
          ...(base === undefined ? {} : { ExpressionAttributeValues: { ':held': base.batches.size } }),
        },
      });
      if (!written.written) continue;
      await batchWrite(
        this.doc,
        this.tableName,
        g.loose.map((i) => ({ DeleteRequest: { Key: { service, sk: i.sk } } })),
      );
    }
  }
}
