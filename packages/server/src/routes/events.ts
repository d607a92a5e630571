import { Event, EventsQuery } from '@minga/api-contracts';
import { z } from 'zod';
import { listEvents } from '../core/events/list-events.ts';
import { defineRoute } from '../http/route.ts';

export const listEventsRoute = defineRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'listEvents',
  summary: 'The durable event feed: every change, in order, without gaps; pass next_cursor back as after',
  tag: 'Events',
  auth: 'required',
  query: EventsQuery,
  responses: { 200: { description: 'A page of events', schema: z.object({ data: z.array(Event), has_more: z.boolean(), next_cursor: z.string().nullable() }) } },
  handle: async ({ deps, principal, query }) => ({ status: 200, body: await listEvents(deps.store, principal, query) }),
});
