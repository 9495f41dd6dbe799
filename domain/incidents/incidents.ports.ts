import type { AlertSignal, AnomalySignal, ChangeSignal, DeploySignal, Incident } from './types.ts';

/** Incidents, each written on its version. */
export interface IncidentStore {
  put(incident: Incident, expected: number): Promise<boolean>;
  get(id: string): Promise<Incident | undefined>;
  /** Newest opened first. */
  list(): Promise<Incident[]>;
}

/** Where incidents read their evidence: the alert manager, service anomalies, the audit log, retrain notices. */
export interface Signals {
  alert(id: string): Promise<AlertSignal | undefined>;
  /** Alert records, newest first (of one scope when given). */
  alerts(query: { readonly scope?: string; readonly state?: string; readonly limit: number }): Promise<AlertSignal[]>;
  /** A service's anomalies in [from, to], newest first. */
  anomalies(service: string, from: number, to: number): Promise<AnomalySignal[]>;
  /** The newest changes made through the API, newest first. */
  changes(limit: number): Promise<ChangeSignal[]>;
  /** A model's retrain outcomes, newest first. */
  deploys(model: string, limit: number): Promise<DeploySignal[]>;
}

/** A model that writes a narrative from the evidence (the generation gateway); absent: none configured. */
export interface Narrator {
  narrate(prompt: string): Promise<string>;
}
