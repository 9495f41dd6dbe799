import { MemoryIncidents } from '../../support/in-memory-incidents.ts';
import { incidentStoreContract } from '../../contracts/incidents.contract.ts';
import { MemoryAiModels, MemoryBudgets, MemoryHealth, MemoryUsage } from '../../support/in-memory-providers.ts';
import {
  aiModelStoreContract,
  budgetStoreContract,
  healthStoreContract,
  usageStoreContract,
} from '../../contracts/providers.contract.ts';

aiModelStoreContract('MemoryAiModels', async () => Promise.resolve(new MemoryAiModels()));
usageStoreContract('MemoryUsage', async () => Promise.resolve(new MemoryUsage()));
budgetStoreContract('MemoryBudgets', async () => Promise.resolve(new MemoryBudgets()));
healthStoreContract('MemoryHealth', async () => Promise.resolve(new MemoryHealth()));
incidentStoreContract('MemoryIncidents', async () => Promise.resolve(new MemoryIncidents()));
