import type { TestProject } from 'vitest/node';
import { startEmulators } from '#local/emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    fauxqsEndpoint: string;
  }
}

/** Starts in-memory dynalite and fauxqs once for the adapter tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('dynamodbEndpoint', emulators.dynamodb);
  project.provide('fauxqsEndpoint', emulators.fauxqs);
  return () => emulators.stop();
}
