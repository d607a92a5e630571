// The @example blocks of src/resources/webhook-endpoints.ts, type-checked.
import { minga, endpointId, secret } from './context.ts';

export async function webhookEndpointsCreate(): Promise<void> {
  const { endpoint, secret } = await minga.webhookEndpoints.create({ url: 'https://example.com/minga', events: ['task.completed'] });
  console.log(endpoint.id, secret);
}

export async function webhookEndpointsList(): Promise<void> {
  for await (const endpoint of minga.webhookEndpoints.list()) console.log(endpoint.url, endpoint.status, endpoint.disabled_reason);
}

export async function webhookEndpointsListPage(): Promise<void> {
  const page = await minga.webhookEndpoints.listPage({ limit: 20 });
}

export async function webhookEndpointsGet(): Promise<void> {
  const endpoint = await minga.webhookEndpoints.get(endpointId);
}

export async function webhookEndpointsUpdate(): Promise<void> {
  await minga.webhookEndpoints.update(endpointId, { enabled: true });
}

export async function webhookEndpointsDelete(): Promise<void> {
  await minga.webhookEndpoints.delete(endpointId);
}

export async function webhookEndpointsRotateSecret(): Promise<void> {
  const { secret } = await minga.webhookEndpoints.rotateSecret(endpointId);
}

export async function webhookEndpointsRotateCallbackSecret(): Promise<void> {
  const { secret } = await minga.webhookEndpoints.rotateCallbackSecret();
}
