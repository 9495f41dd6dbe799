import { GetCommand, paginateScan, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Probe, ProbeResult } from '#domain/services/probes.ts';
import type { ProbeStore } from '#domain/services/services.ports.ts';
import { conditionalWrite } from './conditional.ts';

/**
 * Probes in one table (one item per probe, written on its version) and their results in
 * another (partition per probe, sort key the check time, 30 days' TTL).
 */
export class DynamoProbeStore implements ProbeStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly probesTable: string,
    private readonly resultsTable: string,
    private readonly retentionDays = 30,
  ) {}

  public async put(probe: Probe, expected: number): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      put: {
        TableName: this.probesTable,
        Item: probe,
        ConditionExpression: expected === 0 ? 'attribute_not_exists(probe_id)' : 'version = :v',
        ...(expected === 0 ? {} : { ExpressionAttributeValues: { ':v': expected } }),
      },
    });
    return result.written;
  }

  public async get(id: string): Promise<Probe | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.probesTable, Key: { probe_id: id }, ConsistentRead: true }),
    );
    return out.Item as Probe | undefined;
  }

  public async list(): Promise<Probe[]> {
    const items: Probe[] = [];
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.probesTable, ConsistentRead: true }))
      items.push(...((page.Items ?? []) as Probe[]));
    return items.sort((a, b) => a.name.localeCompare(b.name));
  }

  public async remove(id: string): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      delete: { TableName: this.probesTable, Key: { probe_id: id }, ConditionExpression: 'attribute_exists(probe_id)' },
    });
    return result.written;
  }

  public async addResult(result: ProbeResult): Promise<void> {
    await conditionalWrite(this.doc, {
      put: {
        TableName: this.resultsTable,
        Item: {
          ...result,
          expires_at: Math.floor(Date.parse(result.checked_at) / 1000) + this.retentionDays * 86_400,
        },
        // The same check stored twice (a retried run) is stored once.
        ConditionExpression: 'attribute_not_exists(checked_at)',
      },
    });
  }

  public async results(id: string, limit: number): Promise<ProbeResult[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.resultsTable,
        KeyConditionExpression: 'probe_id = :p',
        ExpressionAttributeValues: { ':p': id },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => {
      const { expires_at: _ttl, ...result } = item;
      return result as ProbeResult;
    });
  }
}
