import type { AnyRoute } from '../http/route.ts';
import { createApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute } from './api-keys.ts';
import { authLogin } from './auth-login.ts';
import { createAccountRoute } from './create-account.ts';
import { createTasksRoute } from './create-tasks.ts';
import { getMe } from './get-me.ts';
import {
  aggregateProjectRoute,
  closeProjectRoute,
  createProjectRoute,
  getProjectRoute,
  listProjectsRoute,
  openProjectRoute,
  projectStatsRoute,
  updateProjectRoute,
} from './projects.ts';
import { getCreditsRoute, grantCreditsRoute, listLedgerRoute } from './credits.ts';
import { listEventsRoute } from './events.ts';
import {
  acceptInviteRoute,
  getHelperRoute,
  helperStatsRoute,
  inviteHelperRoute,
  listHelpersRoute,
  removeHelperRoute,
  updateHelperRoute,
} from './helpers.ts';
import { WEBHOOK_DELIVERY_ROUTES } from './webhook-deliveries.ts';
import { WEBHOOK_ENDPOINT_ROUTES } from './webhook-endpoints.ts';
import { claimRoute, heartbeatRoute, releaseRoute, submitRoute, workProjectsRoute } from './work.ts';
import { auditTaskRoute, cancelTaskRoute, getOperationRoute, getTaskRoute, listTasksRoute, redoTaskRoute, updateTaskRoute } from './tasks.ts';

/** Every endpoint of the API, in the order the OpenAPI document lists them. */
export const ROUTES: readonly AnyRoute[] = [
  authLogin,
  getMe,
  createAccountRoute,
  createApiKeyRoute,
  listApiKeysRoute,
  revokeApiKeyRoute,
  createProjectRoute,
  listProjectsRoute,
  getProjectRoute,
  updateProjectRoute,
  openProjectRoute,
  closeProjectRoute,
  projectStatsRoute,
  aggregateProjectRoute,
  createTasksRoute,
  listTasksRoute,
  getTaskRoute,
  updateTaskRoute,
  cancelTaskRoute,
  redoTaskRoute,
  auditTaskRoute,
  getOperationRoute,
  inviteHelperRoute,
  acceptInviteRoute,
  listHelpersRoute,
  getHelperRoute,
  updateHelperRoute,
  removeHelperRoute,
  helperStatsRoute,
  workProjectsRoute,
  claimRoute,
  submitRoute,
  releaseRoute,
  heartbeatRoute,
  listEventsRoute,
  getCreditsRoute,
  listLedgerRoute,
  grantCreditsRoute,
  ...WEBHOOK_ENDPOINT_ROUTES,
  ...WEBHOOK_DELIVERY_ROUTES,
];
