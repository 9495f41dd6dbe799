import { QueryCommand, type TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { WriteRecordsCommand, type TimestreamWriteClient, type _Record } from '@aws-sdk/client-timestream-write';
import type {
  MetricPoint,
  MetricQuery,
  MetricStore,
  SeriesFilter,
  SeriesId,
  StepAggregate,
} from '#domain/kernel/metric-store.ports.ts';
import { bySeries, matchesSeries } from '#domain/kernel/series.ts';

/**
 * The dimension every record carries: its series (name and dimensions) as JSON, so a query
 * reads exactly one series (not every series that shares some dimensions) and listSeries is a
 * SELECT DISTINCT.
 */
export const SERIES_DIMENSION = 'series_key';
const seriesJson = (name: string, dimensions: Readonly<Record<string, string>>) =>
  JSON.stringify([name, Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b))]);
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
        Dimensions: [
          ...Object.entries(p.dimensions).map(([Name, Value]) => ({ Name, Value })),
          { Name: SERIES_DIMENSION, Value: seriesJson(p.name, p.dimensions) },
        ],
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
    return (
      `SELECT time, measure_value::double AS value FROM ${this.from()}` +
      ` WHERE measure_name = ${sqlString(q.name)}${this.seriesClause(q)}` +
      ` AND time BETWEEN from_milliseconds(${Math.floor(q.from)}) AND from_milliseconds(${Math.floor(q.to)})` +
      ' ORDER BY time ASC'
    );
  }

  private from(): string {
    return `${identifier(this.database)}.${identifier(this.table)}`;
  }

  private seriesClause(q: MetricQuery): string {
    const dims = Object.entries(q.dimensions).map(([k, v]) => ` AND ${identifier(k)} = ${sqlString(v)}`);
    return `${dims.join('')} AND ${identifier(SERIES_DIMENSION)} = ${sqlString(seriesJson(q.name, q.dimensions))}`;
  }

  /** The SQL for a per-step aggregate, computed by Timestream; exported for tests. */
  public sqlForAggregate(q: MetricQuery, stepMs: number): string {
    const step = `${Math.max(1, Math.floor(stepMs))}ms`;
    return (
      `SELECT bin(time, ${step}) AS t, avg(measure_value::double), min(measure_value::double),` +
      ` max(measure_value::double), count(*) FROM ${this.from()}` +
      ` WHERE measure_name = ${sqlString(q.name)}${this.seriesClause(q)}` +
      ` AND time BETWEEN from_milliseconds(${Math.floor(q.from)}) AND from_milliseconds(${Math.floor(q.to)})` +
      ` GROUP BY bin(time, ${step}) ORDER BY t ASC`
    );
  }

  /** The SQL that lists series; exported for tests. */
  public sqlForSeries(filter: SeriesFilter): string {
    const prefix = (filter.namePrefix ?? '').replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_');
    return (
      `SELECT DISTINCT ${identifier(SERIES_DIMENSION)} FROM ${this.from()}` +
      ` WHERE measure_name LIKE ${sqlString(`${prefix}%`)} ESCAPE '\\' AND time > ago(30d)`
    );
  }

  /** Every row of a query, across pages. */
  private async rows(sql: string): Promise<(string | undefined)[][]> {
    const rows: (string | undefined)[][] = [];
    let token: string | undefined;
    do {
      const out = await this.reader.send(
        new QueryCommand({ QueryString: sql, ...(token !== undefined ? { NextToken: token } : {}) }),
      );
      for (const row of out.Rows ?? []) rows.push((row.Data ?? []).map((d) => d.ScalarValue));
      token = out.NextToken;
    } while (token !== undefined);
    return rows;
  }

  public async query(q: MetricQuery): Promise<MetricPoint[]> {
    return (await this.rows(this.sqlFor(q))).flatMap(([time, value]) =>
      time === undefined || value === undefined
        ? []
        : [{ name: q.name, dimensions: q.dimensions, time: parseTimestreamTime(time), value: Number(value) }],
    );
  }

  public async aggregate(q: MetricQuery, stepMs: number): Promise<StepAggregate[]> {
    return (await this.rows(this.sqlForAggregate(q, stepMs))).flatMap(([t, avg, min, max, count]) =>
      t === undefined || avg === undefined
        ? []
        : [
            {
              time: parseTimestreamTime(t),
              value: Number(avg),
              min: Number(min),
              max: Number(max),
              count: Number(count),
            },
          ],
    );
  }

  public async listSeries(filter: SeriesFilter): Promise<SeriesId[]> {
    return (await this.rows(this.sqlForSeries(filter)))
      .flatMap(([key]) => {
        if (key === undefined) return [];
        const [name, dims] = JSON.parse(key) as [string, [string, string][]];
        return [{ name, dimensions: Object.fromEntries(dims) }];
      })
      .filter((s) => matchesSeries(s, filter))
      .sort(bySeries);
  }
}
