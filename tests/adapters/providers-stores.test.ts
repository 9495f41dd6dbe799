import { DynamoIncidentStore } from '#adapters/dynamodb/incidents.adapter.ts';
import { incidentStoreContract } from '../contracts/incidents.contract.ts';
import { DynamoAiModelStore } from '#adapters/dynamodb/ai-models.adapter.ts';
import { DynamoHealthStore } from '#adapters/dynamodb/ai-health.adapter.ts';
import { DynamoBudgetStore } from '#adapters/dynamodb/llm-budgets.adapter.ts';
import { DynamoUsageStore } from '#adapters/dynamodb/llm-usage.adapter.ts';
import {
  aiModelStoreContract,
  budgetStoreContract,
  healthStoreContract,
  usageStoreContract,
} from '../contracts/providers.contract.ts';
import { emulatorClients, freshTable } from '../support/aws.ts';

/** The AI operations adapters against dynalite, through the contract suites their fakes also pass. */
const clients = emulatorClients();
const table = (key: Parameters<typeof freshTable>[1]) => freshTable(clients.dynamodb, key);

aiModelStoreContract(
  'DynamoAiModelStore (dynalite)',
  async () => new DynamoAiModelStore(clients.documents, await table('aiModels')),
);
usageStoreContract(
  'DynamoUsageStore (dynalite)',
  async () => new DynamoUsageStore(clients.documents, await table('llmUsage')),
);
budgetStoreContract(
  'DynamoBudgetStore (dynalite)',
  async () => new DynamoBudgetStore(clients.documents, await table('llmBudgets')),
);
healthStoreContract(
  'DynamoHealthStore (dynalite)',
  async () => new DynamoHealthStore(clients.documents, await table('aiHealth')),
);
incidentStoreContract(
  'DynamoIncidentStore (dynalite)',
  async () => new DynamoIncidentStore(clients.documents, await table('incidents')),
);
