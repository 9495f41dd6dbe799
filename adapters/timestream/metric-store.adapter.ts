import { QueryCommand, type TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { WriteRecordsCommand, type TimestreamWriteClient, type _Record } from '@aws-sdk/client-timestream-write';
import type { MetricPoint, MetricQuery, MetricStore } from '#domain/kernel/metric-store.ports.ts';
import { chunk } from '#adapters/dynamodb/batch.ts';

const IDENTIFIER = /^[A-Za-z0-9_.-]+$/;

/** Quotes a string literal for Timestream SQL. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function identifier(value: string): string {
  if (!IDENTIFIER.test(value)) throw new Error(`not a safe Timestream identifier: ${value}`);
  return `"${value}"`;
}

/** Parses Timestream's `YYYY-MM-DD HH:MM:SS.fffffffff` (UTC) into epoch ms. */
export function parseTimestreamTime(value: string): number {
  const [date, time = '00:00:00'] = value.split(' ');
  const [hms = '00:00:00', fraction = '0'] = time.split('.');
  return Date.parse(`${date ?? ''}T${hms}Z`) + Number(fraction.slice(0, 3).padEnd(3, '0'));
}

/**
 * The Timestream for LiveAnalytics metric store: one record per point, dimensions as
 * Timestream dimensions, value as a DOUBLE measure. Timestream is closed to new AWS customers
 * since 2025-06-20; accounts without access deploy with `-c metricsStore=dynamodb`.
 */
export class TimestreamMetricStore implements MetricStore {
  public constructor(
    private readonly writer: TimestreamWriteClient,
    private readonly reader: TimestreamQueryClient,
    private readonly database: string,
    private readonly table: string,
  ) {}

  public async write(points: readonly MetricPoint[]): Promise<void> {
    // WriteRecords takes at most 100 records per call.
    for (const part of chunk(points, 100)) {
      const records: _Record[] = part.map((p) => ({
        Dimensions: Object.entries(p.dimensions).map(([Name, Value]) => ({ Name, Value })),
        MeasureName: p.name,
        MeasureValue: String(p.value),
        MeasureValueType: 'DOUBLE',
        Time: String(p.time),
        TimeUnit: 'MILLISECONDS',
      }));
      await this.writer.send(
        new WriteRecordsCommand({ DatabaseName: this.database, TableName: this.table, Records: records }),
      );
    }
  }

  /** The SQL for a series query; exported for tests. */
  public sqlFor(q: MetricQuery): string {
    const dims = Object.entries(q.dimensions).map(([k, v]) => ` AND ${identifier(k)} = ${sqlString(v)}`);
    return (
      `SELECT time, measure_value::double AS value FROM ${identifier(this.database)}.${identifier(this.table)}` +
      ` WHERE measure_name = ${sqlString(q.name)}${dims.join('')}` +
      ` AND time BETWEEN from_milliseconds(${Math.floor(q.from)}) AND from_milliseconds(${Math.floor(q.to)})` +
      ' ORDER BY time ASC'
    );
  }

  public async query(q: MetricQuery): Promise<MetricPoint[]> {
    const points: MetricPoint[] = [];
    let token: string | undefined;
    do {
      const out = await this.reader.send(
        new QueryCommand({ QueryString: this.sqlFor(q), ...(token !== undefined ? { NextToken: token } : {}) }),
      );
      for (const row of out.Rows ?? []) {
        const [time, value] = row.Data ?? [];
        if (time?.ScalarValue === undefined || value?.ScalarValue === undefined) continue;
        points.push({
          name: q.name,
          dimensions: q.dimensions,
          time: parseTimestreamTime(time.ScalarValue),
          value: Number(value.ScalarValue),
        });
      }
      token = out.NextToken;
    } while (token !== undefined);
    return points;
  }
}
