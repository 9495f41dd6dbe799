import { DynamoAuditStore } from '#adapters/dynamodb/audit.adapter.ts';
import { auditStoreContract } from '../contracts/audit.contract.ts';
import { DynamoAggregateStore } from '#adapters/dynamodb/aggregates.adapter.ts';
import { DynamoAlertHistory } from '#adapters/dynamodb/alert-history.adapter.ts';
import { DynamoAlertingStore } from '#adapters/dynamodb/alerting.adapter.ts';
import { DynamoConfigStore } from '#adapters/dynamodb/config.adapter.ts';
import { DynamoModelStore } from '#adapters/dynamodb/models.adapter.ts';
import { DynamoBatchClaims, DynamoPredictionStore } from '#adapters/dynamodb/predictions.adapter.ts';
import { DynamoRetrainTaskStore } from '#adapters/dynamodb/retrain-tasks.adapter.ts';
import { DynamoVersionStore } from '#adapters/dynamodb/versions.adapter.ts';
import { retrainTaskStoreContract } from '../contracts/retrain-tasks.contract.ts';
import {
  aggregateStoreContract,
  batchClaimsContract,
  alertHistoryContract,
  alertingStoreContract,
  configStoreContract,
  modelStoreContract,
  predictionHistoryContract,
  predictionStoreContract,
} from '../contracts/stores.contract.ts';
import { versionStoreContract } from '../contracts/versions.contract.ts';
import { anomalyStoreContract, serviceRegistryContract } from '../contracts/service-registry.contract.ts';
import { DynamoAnomalyStore } from '#adapters/dynamodb/anomalies.adapter.ts';
import { DynamoServiceRegistry } from '#adapters/dynamodb/services.adapter.ts';
import { DynamoHttpTrafficStore } from '#adapters/dynamodb/http-traffic.adapter.ts';
import { httpTrafficContract } from '../contracts/http-traffic.contract.ts';
import { DynamoProbeStore } from '#adapters/dynamodb/probes.adapter.ts';
import { probeStoreContract } from '../contracts/probes.contract.ts';
import { DynamoForecastStore } from '#adapters/dynamodb/forecasts.adapter.ts';
import { DynamoSuggestionStore } from '#adapters/dynamodb/suggestions.adapter.ts';
import { DynamoBatchStore } from '#adapters/dynamodb/batches.adapter.ts';
import {
  batchStoreContract,
  forecastStoreContract,
  namedModelStoreContract,
  suggestionStoreContract,
} from '../contracts/analytics-stores.contract.ts';
import { DynamoNamedModelStore } from '#adapters/dynamodb/named-models.adapter.ts';
import { emulatorClients, freshTable } from '../support/aws.ts';

/** The DynamoDB adapters against dynalite, through the contract suites their fakes also pass. */
const clients = emulatorClients();
const table = (key: Parameters<typeof freshTable>[1]) => freshTable(clients.dynamodb, key);

const predictions = async () => new DynamoPredictionStore(clients.documents, await table('predictions'));
predictionStoreContract('DynamoPredictionStore (dynalite)', predictions);
predictionHistoryContract('DynamoPredictionStore (dynalite)', predictions);
aggregateStoreContract(
  'DynamoAggregateStore (dynalite)',
  async () => new DynamoAggregateStore(clients.documents, await table('aggregates')),
);
modelStoreContract(
  'DynamoModelStore (dynalite)',
  async () => new DynamoModelStore(clients.documents, await table('models')),
);
configStoreContract(
  'DynamoConfigStore (dynalite)',
  async () => new DynamoConfigStore(clients.documents, await table('config')),
);
alertHistoryContract(
  'DynamoAlertHistory (dynalite)',
  async (now) => new DynamoAlertHistory(clients.documents, await table('alerts'), now),
);
alertingStoreContract(
  'DynamoAlertingStore (dynalite)',
  async () => new DynamoAlertingStore(clients.documents, await table('alerting')),
);
versionStoreContract(
  'DynamoVersionStore (dynalite)',
  async () => new DynamoVersionStore(clients.documents, await table('versions')),
);
serviceRegistryContract(
  'DynamoServiceRegistry (dynalite)',
  async () => new DynamoServiceRegistry(clients.documents, await table('services')),
);
anomalyStoreContract(
  'DynamoAnomalyStore (dynalite)',
  async () => new DynamoAnomalyStore(clients.documents, await table('anomalies')),
);
httpTrafficContract(
  'DynamoHttpTrafficStore (dynalite)',
  async () => new DynamoHttpTrafficStore(clients.documents, await table('httpTraffic')),
);
probeStoreContract(
  'DynamoProbeStore (dynalite)',
  async () => new DynamoProbeStore(clients.documents, await table('probes'), await table('probeResults')),
);
forecastStoreContract(
  'DynamoForecastStore (dynalite)',
  async () => new DynamoForecastStore(clients.documents, await table('forecasts')),
);
suggestionStoreContract(
  'DynamoSuggestionStore (dynalite)',
  async () => new DynamoSuggestionStore(clients.documents, await table('suggestions')),
);
batchStoreContract(
  'DynamoBatchStore (dynalite)',
  async () => new DynamoBatchStore(clients.documents, await table('batches')),
);
namedModelStoreContract(
  'DynamoNamedModelStore (dynalite)',
  async () => new DynamoNamedModelStore(clients.documents, await table('namedModels')),
);
retrainTaskStoreContract(
  'DynamoRetrainTaskStore (dynalite)',
  async () => new DynamoRetrainTaskStore(clients.documents, await table('retrainTasks')),
);
batchClaimsContract(
  'DynamoBatchClaims (dynalite)',
  async () => new DynamoBatchClaims(clients.documents, await table('predictions')),
);
auditStoreContract(
  'DynamoAuditStore (dynalite)',
  async () => new DynamoAuditStore(clients.documents, await table('audit')),
);
