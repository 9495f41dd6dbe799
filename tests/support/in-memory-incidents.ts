import type { IncidentStore, Signals } from '#domain/incidents/incidents.ports.ts';
import type { AlertSignal, AnomalySignal, ChangeSignal, DeploySignal, Incident } from '#domain/incidents/types.ts';

/** In-memory incidents; passes the IncidentStore contract its adapter passes. */
export class MemoryIncidents implements IncidentStore {
  public readonly items = new Map<string, Incident>();
  public async put(incident: Incident, expected: number): Promise<boolean> {
    if ((this.items.get(incident.incident_id)?.version ?? 0) !== expected) return Promise.resolve(false);
    this.items.set(incident.incident_id, structuredClone(incident));
    return Promise.resolve(true);
  }
  public async get(id: string): Promise<Incident | undefined> {
    const i = this.items.get(id);
    return Promise.resolve(i === undefined ? undefined : structuredClone(i));
  }
  public async list(): Promise<Incident[]> {
    return Promise.resolve(
      [...this.items.values()].sort((a, b) => b.opened_at.localeCompare(a.opened_at)).map((i) => structuredClone(i)),
    );
  }
}

/** Evidence held in lists, newest first as the real sources answer. */
export class MemorySignals implements Signals {
  public alertList: AlertSignal[] = [];
  public anomalyList: AnomalySignal[] = [];
  public changeList: ChangeSignal[] = [];
  public deployList: DeploySignal[] = [];
  public async alert(id: string): Promise<AlertSignal | undefined> {
    return Promise.resolve(this.alertList.find((a) => a.alert_id === id));
  }
  public async alerts(query: { scope?: string; state?: string; limit: number }): Promise<AlertSignal[]> {
    return Promise.resolve(
      this.alertList
        .filter(
          (a) =>
            (query.scope === undefined || a.model_name === query.scope) &&
            (query.state === undefined || a.state === query.state),
        )
        .slice(0, query.limit),
    );
  }
  public async anomalies(service: string, from: number, to: number): Promise<AnomalySignal[]> {
    return Promise.resolve(
      this.anomalyList.filter(
        (a) => a.service === service && Date.parse(a.detected_at) >= from && Date.parse(a.detected_at) <= to,
      ),
    );
  }
  public async changes(limit: number): Promise<ChangeSignal[]> {
    return Promise.resolve(this.changeList.slice(0, limit));
  }
  public async deploys(model: string, limit: number): Promise<DeploySignal[]> {
    return Promise.resolve(this.deployList.filter((d) => d.model_name === model).slice(0, limit));
  }
}
