import type { AlertHistory } from '#domain/alerting/alerting.ports.ts';
import type { AuditStore } from '#domain/audit/audit.ports.ts';
import type { Signals } from '#domain/incidents/incidents.ports.ts';
import type { AlertSignal, AnomalySignal, ChangeSignal, DeploySignal } from '#domain/incidents/types.ts';
import type { AnomalyStore } from '#domain/services/services.ports.ts';

/** The evidence incidents read, over the alert history, service anomalies and the audit log. */
export class StoreSignals implements Signals {
  public constructor(
    private readonly alertStore: AlertHistory,
    private readonly anomalyStore: AnomalyStore,
    private readonly audit: AuditStore,
    private readonly chain: string,
  ) {}

  public async alert(id: string): Promise<AlertSignal | undefined> {
    return this.alertStore.get(id);
  }

  public async alerts(query: { scope?: string; state?: string; limit: number }): Promise<AlertSignal[]> {
    return this.alertStore.list({
      limit: query.limit,
      ...(query.scope !== undefined ? { model_name: query.scope } : {}),
      ...(query.state === 'firing' || query.state === 'resolved' ? { state: query.state } : {}),
    });
  }

  public async anomalies(service: string, from: number, to: number): Promise<AnomalySignal[]> {
    return this.anomalyStore.list(service, from, to);
  }

  public async changes(limit: number): Promise<ChangeSignal[]> {
    return (await this.audit.newest(this.chain, limit)).map((e) => ({
      seq: e.seq,
      at: e.at,
      subject: e.subject,
      route: e.route,
      target: e.target,
      outcome: e.outcome,
    }));
  }

  public async deploys(model: string, limit: number): Promise<DeploySignal[]> {
    const notices = await this.alertStore.listNotices({ model_name: model, limit: limit * 3 });
    return notices
      .filter((n) => n.retrain !== undefined)
      .slice(0, limit)
      .map((n) => ({
        notice_id: n.notice_id,
        model_name: n.model_name,
        at: n.created_at,
        outcome: n.retrain?.outcome ?? 'unknown',
        version: n.retrain?.version ?? null,
      }));
  }
}
