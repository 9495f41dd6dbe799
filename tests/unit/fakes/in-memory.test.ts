import { auditStoreContract } from '../../contracts/audit.contract.ts';
import { retrainTaskStoreContract } from '../../contracts/retrain-tasks.contract.ts';
import {
  aggregateStoreContract,
  batchClaimsContract,
  alertHistoryContract,
  alertingStoreContract,
  configStoreContract,
  modelStoreContract,
  predictionHistoryContract,
  predictionStoreContract,
} from '../../contracts/stores.contract.ts';
import { metricStoreContract } from '../../contracts/metric-store.contract.ts';
import { anomalyStoreContract, serviceRegistryContract } from '../../contracts/service-registry.contract.ts';
import { httpTrafficContract } from '../../contracts/http-traffic.contract.ts';
import { probeStoreContract } from '../../contracts/probes.contract.ts';
import {
  batchStoreContract,
  forecastStoreContract,
  namedModelStoreContract,
  suggestionStoreContract,
} from '../../contracts/analytics-stores.contract.ts';
import { versionStoreContract } from '../../contracts/versions.contract.ts';
import {
  MemoryAggregates,
  MemoryAudit,
  MemoryBatchClaims,
  MemoryAlerting,
  MemoryConfig,
  MemoryHistory,
  MemoryMetrics,
  MemoryServiceRegistry,
  MemoryAnomalies,
  MemoryHttpTraffic,
  MemoryProbes,
  MemoryForecasts,
  MemorySuggestions,
  MemoryBatches,
  MemoryNamedModels,
  MemoryModels,
  MemoryPredictions,
} from '../../support/in-memory.ts';
import { MemoryTasks, MemoryVersions } from '../../support/in-memory-retraining.ts';

/** The in-memory fakes every domain test uses, through the same contract suites as the adapters. */
predictionStoreContract('MemoryPredictions', async () => Promise.resolve(new MemoryPredictions()));
predictionHistoryContract('MemoryPredictions', async () => Promise.resolve(new MemoryPredictions()));
aggregateStoreContract('MemoryAggregates', async () => Promise.resolve(new MemoryAggregates()));
modelStoreContract('MemoryModels', async () => Promise.resolve(new MemoryModels()));
configStoreContract('MemoryConfig', async () => Promise.resolve(new MemoryConfig()));
alertHistoryContract('MemoryHistory', async (now) => Promise.resolve(new MemoryHistory(now)));
alertingStoreContract('MemoryAlerting', async () => Promise.resolve(new MemoryAlerting()));
versionStoreContract('MemoryVersions', async () => Promise.resolve(new MemoryVersions()));
retrainTaskStoreContract('MemoryTasks', async () => Promise.resolve(new MemoryTasks()));
metricStoreContract('MemoryMetrics', async () => Promise.resolve(new MemoryMetrics()));
serviceRegistryContract('MemoryServiceRegistry', async () => Promise.resolve(new MemoryServiceRegistry()));
anomalyStoreContract('MemoryAnomalies', async () => Promise.resolve(new MemoryAnomalies()));
httpTrafficContract('MemoryHttpTraffic', async () => Promise.resolve(new MemoryHttpTraffic()));
probeStoreContract('MemoryProbes', async () => Promise.resolve(new MemoryProbes()));
forecastStoreContract('MemoryForecasts', async () => Promise.resolve(new MemoryForecasts()));
suggestionStoreContract('MemorySuggestions', async () => Promise.resolve(new MemorySuggestions()));
batchStoreContract('MemoryBatches', async () => Promise.resolve(new MemoryBatches()));
namedModelStoreContract('MemoryNamedModels', async () => Promise.resolve(new MemoryNamedModels()));
batchClaimsContract('MemoryBatchClaims', async () => Promise.resolve(new MemoryBatchClaims()));
auditStoreContract('MemoryAudit', async () => Promise.resolve(new MemoryAudit()));
