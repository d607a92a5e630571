// The @example blocks of src/resources/api-keys.ts, type-checked.
import { minga, keyId, secret } from './context.ts';

export async function apiKeysCreate(): Promise<void> {
  const { api_key, secret } = await minga.apiKeys.create({ name: 'staging', mode: 'test' });
  console.log(api_key.prefix, secret);
}

export async function apiKeysList(): Promise<void> {
  for await (const key of minga.apiKeys.list()) console.log(key.prefix, key.revoked_at);
}

export async function apiKeysListPage(): Promise<void> {
  const page = await minga.apiKeys.listPage({ limit: 100 });
}

export async function apiKeysRevoke(): Promise<void> {
  const revoked = await minga.apiKeys.revoke(keyId);
  console.log(revoked.revoked_at);
}
