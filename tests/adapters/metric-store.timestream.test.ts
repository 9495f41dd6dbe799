import { QueryCommand, TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient, WriteRecordsCommand, type _Record } from '@aws-sdk/client-timestream-write';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { parseTimestreamTime, sqlString, TimestreamMetricStore } from '#adapters/timestream/metric-store.adapter.ts';
import type { MetricPoint } from '#domain/kernel/metric-store.ports.ts';
import { metricStoreContract } from '../contracts/metric-store.contract.ts';

/*
 * No Timestream emulator exists. This file runs the shared contract against a mocked
 * Timestream that stores WriteRecords and answers the adapter's own SQL by parsing its
 * WHERE clause, and asserts the exact requests the adapter sends.
 */
const writer = mockClient(TimestreamWriteClient);
const reader = mockClient(TimestreamQueryClient);

function toTimestreamTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '000000');
}

function fakeTimestream() {
  const rows: { name: string; dims: Record<string, string>; time: number; value: number }[] = [];
  writer.on(WriteRecordsCommand).callsFake(
    (input: {
      Records: {
        MeasureName: string;
        MeasureValue: string;
        Time: string;
        Dimensions: { Name: string; Value: string }[];
      }[];
    }) => {
      for (const r of input.Records) {
        // Timestream treats a record identical in dimensions, measure, time and value as a no-op.
        const same = rows.some(
          (x) =>
            x.name === r.MeasureName &&
            x.time === Number(r.Time) &&
            x.value === Number(r.MeasureValue) &&
            JSON.stringify(x.dims) === JSON.stringify(Object.fromEntries(r.Dimensions.map((d) => [d.Name, d.Value]))),
        );
        if (!same)
          rows.push({
            name: r.MeasureName,
            dims: Object.fromEntries(r.Dimensions.map((d) => [d.Name, d.Value])),
            time: Number(r.Time),
            value: Number(r.MeasureValue),
          });
      }
      return {};
    },
  );
  reader.on(QueryCommand).callsFake((input: { QueryString: string }) => {
    const sql = input.QueryString;
    if (sql.startsWith('SELECT DISTINCT "series_key"')) {
      const prefix = (/measure_name LIKE '([^']*)%'/.exec(sql)?.[1] ?? '').replaceAll('\\', '');
      const keys = new Set(rows.filter((r) => r.name.startsWith(prefix)).map((r) => r.dims.series_key ?? ''));
      return { Rows: [...keys].map((k) => ({ Data: [{ ScalarValue: k }] })) };
    }
    const name = /measure_name = '([^']*)'/.exec(sql)?.[1];
    const dims = [...sql.matchAll(/AND "([^"]+)" = '([^']*)'/g)].map((m) => [m[1], m[2]] as const);
    const [, from, to] = /from_milliseconds\((\d+)\) AND from_milliseconds\((\d+)\)/.exec(sql) ?? [];
    const hits = rows
      .filter(
        (r) =>
          r.name === name &&
          dims.every(([k, v]) => r.dims[k ?? ''] === v) &&
          r.time >= Number(from) &&
          r.time <= Number(to),
      )
      .sort((a, b) => a.time - b.time);
    const bin = /bin\(time, (\d+)ms\)/.exec(sql)?.[1];
    if (bin !== undefined) {
      const step = Number(bin);
      const groups = new Map<number, number[]>();
      for (const h of hits) {
        const t = Math.floor(h.time / step) * step;
        groups.set(t, [...(groups.get(t) ?? []), h.value]);
      }
      return {
        Rows: [...groups.entries()].map(([t, vs]) => ({
          Data: [
            { ScalarValue: toTimestreamTime(t) },
            { ScalarValue: String(vs.reduce((a, b) => a + b, 0) / vs.length) },
            { ScalarValue: String(Math.min(...vs)) },
            { ScalarValue: String(Math.max(...vs)) },
            { ScalarValue: String(vs.length) },
          ],
        })),
      };
    }
    return {
      Rows: hits.map((h) => ({ Data: [{ ScalarValue: toTimestreamTime(h.time) }, { ScalarValue: String(h.value) }] })),
    };
  });
}

const makeStore = () => {
  writer.reset();
  reader.reset();
  fakeTimestream();
  return Promise.resolve(
    new TimestreamMetricStore(
      new TimestreamWriteClient({ region: 'us-east-1' }),
      new TimestreamQueryClient({ region: 'us-east-1' }),
      'aiops',
      'metrics',
    ),
  );
};

metricStoreContract('TimestreamMetricStore (mocked Timestream)', makeStore);

describe('TimestreamMetricStore requests', () => {
  afterEach(() => {
    writer.reset();
    reader.reset();
  });

  it('writes DOUBLE measures with millisecond times, at most 100 records per call', async () => {
    // Prepare
    const store = await makeStore();
    const points: MetricPoint[] = Array.from({ length: 150 }, (_, i) => ({
      name: 'model.accuracy',
      dimensions: { model_name: 'a' },
      time: 1000 + i,
      value: 0.5,
    }));

    // Act
    await store.write(points);

    // Assess
    expect(writer).toHaveReceivedCommandTimes(WriteRecordsCommand, 2);
    expect(writer).toHaveReceivedCommandWith(WriteRecordsCommand, {
      DatabaseName: 'aiops',
      TableName: 'metrics',
      Records: expect.arrayContaining([
        {
          Dimensions: [
            { Name: 'model_name', Value: 'a' },
            { Name: 'series_key', Value: '["model.accuracy",[["model_name","a"]]]' },
          ],
          MeasureName: 'model.accuracy',
          MeasureValue: '0.5',
          MeasureValueType: 'DOUBLE',
          Time: '1000',
          TimeUnit: 'MILLISECONDS',
        },
      ]) as _Record[],
    });
  });

  it('quotes string literals and refuses unsafe identifiers in SQL', async () => {
    const store = await makeStore();
    expect(store.sqlFor({ name: "it's", dimensions: { model_name: "o'hara" }, from: 1, to: 2 })).toContain(
      "measure_name = 'it''s' AND \"model_name\" = 'o''hara'",
    );
    expect(() => store.sqlFor({ name: 'x', dimensions: { 'bad"dim': 'v' }, from: 1, to: 2 })).toThrow(
      'not a safe Timestream identifier',
    );
    expect(sqlString("a'b")).toBe("'a''b'");
  });

  it('parses Timestream timestamps with nanosecond fractions', () => {
    expect(parseTimestreamTime('2026-03-01 12:00:00.123456789')).toBe(Date.parse('2026-03-01T12:00:00.123Z'));
  });
});
