import { DynamoMetricStore, seriesKey } from '#adapters/dynamodb/metric-store.adapter.ts';
import { emulatorClients, freshTable } from '../support/aws.ts';
import { metricStoreContract } from '../contracts/metric-store.contract.ts';

const clients = emulatorClients();

metricStoreContract(
  'DynamoMetricStore (dynalite)',
  async () => new DynamoMetricStore(clients.documents, await freshTable(clients.dynamodb, 'metrics')),
);

describe('seriesKey', () => {
  it('does not depend on the order of dimensions', () => {
    expect(seriesKey('m', { b: '2', a: '1' })).toBe(seriesKey('m', { a: '1', b: '2' }));
    expect(seriesKey('m', { a: '1', b: '2' })).toBe('m|a=1|b=2');
  });
});
