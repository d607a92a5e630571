import { z } from 'zod';
import { AcceptInvite, Helper, HelperCreate, HelperPatch, HelperStats, PageQuery, User, page } from '@minga/api-contracts';
import { acceptInvite } from '../core/helpers/accept-invite.ts';
import { helperStats } from '../core/helpers/helper-stats.ts';
import { getHelper, inviteHelper, listHelpers, removeHelper, updateHelper } from '../core/helpers/helpers.ts';
import { defineRoute } from '../http/route.ts';
import { IdParams } from './params.ts';

export const inviteHelperRoute = defineRoute({
  method: 'post',
  path: '/v1/helpers',
  operationId: 'inviteHelper',
  summary: 'Invite a helper; the invite link and token are shown once',
  tag: 'Helpers',
  auth: 'required',
  body: HelperCreate,
  responses: { 201: { description: 'The helper and its invite', schema: z.object({ helper: Helper, invite_url: z.string(), invite_token: z.string() }) } },
  handle: async ({ deps, principal, body }) => ({ status: 201, body: await inviteHelper(deps.store, principal, deps.config.publicUrl, body) }),
});

export const acceptInviteRoute = defineRoute({
  method: 'post',
  path: '/v1/auth/accept-invite',
  operationId: 'acceptInvite',
  summary: "Set an invited helper's password and log in",
  tag: 'Helpers',
  auth: 'none',
  body: AcceptInvite,
  responses: { 200: { description: 'A session', schema: z.object({ token: z.string(), user: User }) } },
  handle: async ({ deps, body }) => ({ status: 200, body: await acceptInvite(deps.store, body.token, body.password) }),
});

export const listHelpersRoute = defineRoute({
  method: 'get',
  path: '/v1/helpers',
  operationId: 'listHelpers',
  summary: 'List helpers with their projects and bans',
  tag: 'Helpers',
  auth: 'required',
  query: PageQuery.strict(),
  responses: { 200: { description: 'A page of helpers', schema: page(Helper) } },
  handle: async ({ deps, principal, query }) => ({ status: 200, body: await listHelpers(deps.store, principal, query) }),
});

export const getHelperRoute = defineRoute({
  method: 'get',
  path: '/v1/helpers/{id}',
  operationId: 'getHelper',
  summary: 'Get a helper',
  tag: 'Helpers',
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The helper', schema: Helper } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await getHelper(deps.store, principal, params.id) }),
});

export const updateHelperRoute = defineRoute({
  method: 'patch',
  path: '/v1/helpers/{id}',
  operationId: 'updateHelper',
  summary: "Change a helper's name, projects or super-user power",
  tag: 'Helpers',
  auth: 'required',
  params: IdParams,
  body: HelperPatch,
  responses: { 200: { description: 'The helper', schema: Helper } },
  handle: async ({ deps, principal, params, body }) => ({ status: 200, body: await updateHelper(deps.store, principal, params.id, body) }),
});

export const removeHelperRoute = defineRoute({
  method: 'delete',
  path: '/v1/helpers/{id}',
  operationId: 'removeHelper',
  summary: 'Remove a helper; its open leases return to the pool',
  tag: 'Helpers',
  auth: 'required',
  params: IdParams,
  responses: { 204: { description: 'Removed' } },
  handle: async ({ deps, principal, params }) => {
    await removeHelper(deps.store, principal, params.id);
    return { status: 204 };
  },
});

export const helperStatsRoute = defineRoute({
  method: 'get',
  path: '/v1/helpers/{id}/stats',
  operationId: 'getHelperStats',
  summary: 'Answers, accuracy, skill, earnings and seconds per task of a helper (a helper may read its own)',
  tag: 'Helpers',
  auth: 'required',
  audience: 'anyone',
  params: IdParams,
  responses: { 200: { description: 'The stats', schema: HelperStats } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await helperStats(deps.store, principal, params.id) }),
});
