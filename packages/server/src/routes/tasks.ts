import { AuditBody, ListTasksQuery, Operation, Task, TaskPatch, page } from '@minga/api-contracts';
import { auditTask } from '../core/tasks/audit-task.ts';
import { redoTask } from '../core/tasks/redo-task.ts';
import { getOperation } from '../core/operations/get-operation.ts';
import { cancelTask } from '../core/tasks/cancel-task.ts';
import { getTask } from '../core/tasks/get-task.ts';
import { listTasks } from '../core/tasks/list-tasks.ts';
import { updateTask } from '../core/tasks/update-task.ts';
import { defineRoute } from '../http/route.ts';
import { IdParams } from './params.ts';

export const listTasksRoute = defineRoute({
  method: 'get',
  path: '/v1/tasks',
  operationId: 'listTasks',
  summary: 'List tasks in creation order, with filters',
  tag: 'Tasks',
  auth: 'required',
  query: ListTasksQuery,
  responses: { 200: { description: 'A page of tasks', schema: page(Task) } },
  handle: async ({ deps, principal, query }) => ({ status: 200, body: await listTasks(deps.store, principal, query) }),
});

export const getTaskRoute = defineRoute({
  method: 'get',
  path: '/v1/tasks/{id}',
  operationId: 'getTask',
  summary: 'Get a task with its submissions',
  tag: 'Tasks',
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The task', schema: Task } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await getTask(deps.store, principal, params.id) }),
});

export const updateTaskRoute = defineRoute({
  method: 'patch',
  path: '/v1/tasks/{id}',
  operationId: 'updateTask',
  summary: "Change a task's priority, tags, metadata or unique_id",
  tag: 'Tasks',
  auth: 'required',
  params: IdParams,
  body: TaskPatch,
  responses: { 200: { description: 'The task', schema: Task } },
  handle: async ({ deps, principal, params, body }) => ({ status: 200, body: await updateTask(deps.store, principal, params.id, body) }),
});

export const cancelTaskRoute = defineRoute({
  method: 'post',
  path: '/v1/tasks/{id}/cancel',
  operationId: 'cancelTask',
  summary: 'Cancel a task that is not finished',
  tag: 'Tasks',
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The canceled task', schema: Task } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await cancelTask(deps.store, principal, params.id, deps.config.credits) }),
});

export const getOperationRoute = defineRoute({
  method: 'get',
  path: '/v1/operations/{id}',
  operationId: 'getOperation',
  summary: 'Status, counts and per-item errors of a background operation',
  tag: 'Tasks',
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The operation', schema: Operation } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await getOperation(deps.store, principal, params.id) }),
});

export const redoTaskRoute = defineRoute({
  method: 'post',
  path: '/v1/tasks/{id}/redo',
  operationId: 'redoTask',
  summary: 'Start a new round of answers for a finished task (times_redone + 1)',
  tag: 'Tasks',
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The task, pending again', schema: Task } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await redoTask(deps.store, principal, params.id, deps.config.credits) }),
});

export const auditTaskRoute = defineRoute({
  method: 'post',
  path: '/v1/tasks/{id}/audits',
  operationId: 'auditTask',
  summary: 'Accept, reject or fix a result (fix: response is the right answer)',
  tag: 'Tasks',
  auth: 'required',
  params: IdParams,
  body: AuditBody,
  responses: { 201: { description: 'The task with its audits', schema: Task } },
  handle: async ({ deps, principal, params, body }) => ({ status: 201, body: await auditTask(deps.store, principal, params.id, body, deps.config.credits) }),
});
