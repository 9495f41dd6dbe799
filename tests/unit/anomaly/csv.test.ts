import { CsvError, parseSeriesCsv, scoresCsv } from '#lib/anomaly/csv.ts';

describe('series CSV (the NAB format)', () => {
  it('reads timestamp,value rows in stream order and writes the scores beside them', () => {
    const rows = parseSeriesCsv('timestamp,value\n2014-02-14 14:30:00,0.132\n\n2014-02-14 14:35:00,1e3\n');
    expect(rows).toEqual([
      { timestamp: '2014-02-14 14:30:00', time: Date.parse('2014-02-14T14:30:00Z'), value: 0.132 },
      { timestamp: '2014-02-14 14:35:00', time: Date.parse('2014-02-14T14:35:00Z'), value: 1000 },
    ]);
    expect(scoresCsv(rows, [0, 0.5])).toBe(
      'timestamp,value,anomaly_score\n2014-02-14 14:30:00,0.132,0.000000\n2014-02-14 14:35:00,1000,0.500000\n',
    );
  });

  it.each([
    ['time,v\n', 1, /header/],
    ['timestamp,value\n2014-02-14 14:30:00,1\n2014-02-14 14:35:00,abc\n', 3, /"abc" is not a number/],
    ['timestamp,value\n2014-02-14 14:30:00\n', 2, /expected "timestamp,value"/],
    ['timestamp,value\nyesterday,1\n', 2, /not a date/],
    ['timestamp,value\n2014-02-14 14:30:00,\n', 2, /not a number/],
  ])('names the line of a malformed row (%#)', (text, line, message) => {
    let error: unknown;
    try {
      parseSeriesCsv(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvError);
    expect((error as CsvError).line).toBe(line);
    expect((error as CsvError).message).toMatch(message);
  });
});
