import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { KeyVault } from '#domain/providers/providers.ports.ts';

/** Provider keys in Secrets Manager, one secret per AI model under a prefix (`aiops/ai-keys/<name>`). */
export class SecretsManagerKeyVault implements KeyVault {
  public constructor(
    private readonly client: SecretsManagerClient,
    private readonly prefix: string,
  ) {}

  public async put(name: string, key: string): Promise<string> {
    const id = `${this.prefix}/${name}`;
    try {
      await this.client.send(new PutSecretValueCommand({ SecretId: id, SecretString: key }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.client.send(
        new CreateSecretCommand({ Name: id, SecretString: key, Description: `API key of AI model ${name}` }),
      );
    }
    return id;
  }

  public async get(ref: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: ref }));
      return out.SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  public async remove(ref: string): Promise<void> {
    try {
      await this.client.send(new DeleteSecretCommand({ SecretId: ref, RecoveryWindowInDays: 7 }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
