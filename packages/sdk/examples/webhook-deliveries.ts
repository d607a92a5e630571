// The @example blocks of src/resources/webhook-deliveries.ts, type-checked.
import { minga, taskId, deliveryId } from './context.ts';

export async function webhookDeliveriesList(): Promise<void> {
  for await (const delivery of minga.webhookDeliveries.list({ status: 'dead' })) console.log(delivery.url, delivery.last_error);
}

export async function webhookDeliveriesListPage(): Promise<void> {
  const page = await minga.webhookDeliveries.listPage({ task_id: taskId });
}

export async function webhookDeliveriesGet(): Promise<void> {
  const delivery = await minga.webhookDeliveries.get(deliveryId);
  console.log(delivery.attempt_log?.map((a) => a.status_code));
}

export async function webhookDeliveriesReplay(): Promise<void> {
  const delivery = await minga.webhookDeliveries.replay(deliveryId);
}
