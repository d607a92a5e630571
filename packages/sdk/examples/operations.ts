// The @example blocks of src/resources/operations.ts, type-checked.
import { minga, operationId } from './context.ts';

export async function operationsGet(): Promise<void> {
  const operation = await minga.operations.get(operationId);
  console.log(operation.status, operation.progress, operation.details.items_created);
}
