import { GetCommand, paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IncidentStore } from '#domain/incidents/incidents.ports.ts';
import type { Incident } from '#domain/incidents/types.ts';
import { conditionalWrite } from './conditional.ts';

/** Incidents: one item each, written on its version. */
export class DynamoIncidentStore implements IncidentStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  public async put(incident: Incident, expected: number): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      put: {
        TableName: this.table,
        Item: incident,
        ConditionExpression: expected === 0 ? 'attribute_not_exists(incident_id)' : 'version = :v',
        ...(expected === 0 ? {} : { ExpressionAttributeValues: { ':v': expected } }),
      },
    });
    return result.written;
  }

  public async get(id: string): Promise<Incident | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { incident_id: id }, ConsistentRead: true }),
    );
    return out.Item as Incident | undefined;
  }

  public async list(): Promise<Incident[]> {
    const items: Incident[] = [];
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.table, ConsistentRead: true }))
      items.push(...((page.Items ?? []) as Incident[]));
    return items.sort((a, b) => b.opened_at.localeCompare(a.opened_at));
  }
}
