import fc from 'fast-check';
import { z } from 'zod';
import { beforeAll, expect, it } from 'vitest';
import { AI_STEP_TYPES, ERROR_CODES, HUMAN_TASK_TYPES, TASK_INPUT_SCHEMAS } from '@minga/api-contracts';
import { ERROR_STATUS } from '../../src/http/error-status.ts';
import type { AnyRoute } from '../../src/http/route.ts';
import { ROUTES } from '../../src/routes/index.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Property-based fuzzing of every route in ROUTES: arbitrary path ids, query strings, JSON and non-JSON
 * bodies, headers and credentials. Whatever comes in, the answer is never a 5xx, and every refusal is the
 * error envelope with a known code whose status is the one the code maps to. The route list is read from
 * ROUTES, so a new endpoint is fuzzed without touching this file.
 */

// Runs per route and backend; MINGA_FUZZ_RUNS raises them for a longer local session.
const RUNS = { sqlite: 150, postgres: 50 } as const;
const runsFor = (backend: keyof typeof RUNS) => Number(process.env.MINGA_FUZZ_RUNS ?? RUNS[backend]);

type Json = Record<string, unknown>;
type Auth = 'key' | 'scoped' | 'session' | 'helper' | 'none' | 'garbage';

interface FuzzRequest {
  id: string;
  query: [string, string][];
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; type: string | null };
  idempotencyKey: string | null;
  auth: Auth;
}

/** The ids of real objects, so that a fraction of requests gets past the lookup into the deeper code. */
interface Pool {
  projectId: string;
  otherProjectId: string;
  taskId: string;
  operationId: string;
  helperId: string;
  spareKeyId: string;
  foreignProjectId: string;
  assignmentId: string;
}

// Values for a path segment: encoded strings of every kind, and raw segments that stress URL decoding.
const RAW_SEGMENTS = ['..', '.', '%00', '%', '%zz', '%E0%A4%A', '%2F', '%2e%2e', 'a%00b', '%C0%AF', '%FF', '%ED%A0%80', '%F0%9F%98%80', '+', ';', '%20'];

const safeHeaderChar = fc.oneof(
  fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
  fc.constant(' '),
);
/** Header values may hold no NUL, CR or LF and are trimmed; anything else goes. */
const headerValue = (maxLength: number) => fc.string({ unit: safeHeaderChar, maxLength }).map((s) => s.trim());
const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 3 });

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ minLength: 65, maxLength: 3000 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '..', '../../etc/passwd', 'null', 'undefined', '-1', '0', '1e309', 'NaN', '__proto__', 'constructor', "' or 1=1 --", '<script>alert(1)</script>', '%00', '\u202e', '\ufeff'),
);

/** Anything JSON can hold, including lone surrogates and numbers at the edges. */
const wildValue: fc.Arbitrary<unknown> = fc.oneof(
  anyText,
  loneSurrogates,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, 1, 2 ** 31, 2 ** 53, -(2 ** 63), 1e300, -0, 0.5),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
);

/** Resolves local `$ref`s of a JSON schema produced by zod. */
function deref(node: Json, root: Json): Json {
  let current = node;
  for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
    const name = (current.$ref as string).replace(/^#\/\$defs\//, '');
    current = ((root.$defs as Record<string, Json> | undefined)?.[name] ?? {}) as Json;
  }
  return current;
}

const INPUT_SCHEMAS = Object.fromEntries(Object.entries(TASK_INPUT_SCHEMAS).map(([type, schema]) => [type, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json]));

const str = (n: Json, fallbackMax = 30) =>
  fc.string({ minLength: typeof n.minLength === 'number' ? n.minLength : 0, maxLength: Math.max(typeof n.minLength === 'number' ? n.minLength : 0, Math.min(typeof n.maxLength === 'number' ? n.maxLength : fallbackMax, fallbackMax)) });

/**
 * A value that fits a JSON schema (zod's own export of the route's schema), mostly: the right field names,
 * types, ranges and enums, so that requests get past validation into the core. Field names give hints:
 * `type` draws from the task types, `*_id(s)` from the ids of real objects, `answer` from real answers.
 */
function fitting(node: Json, root: Json, pool: Pool, depth: number, name = ''): fc.Arbitrary<unknown> {
  const n = deref(node, root);
  if (name === 'type' && !n.enum) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...HUMAN_TASK_TYPES) }, { weight: 1, arbitrary: fc.constantFrom(...AI_STEP_TYPES) });
  if (name === 'answer' && Object.keys(n).length === 0) return fc.oneof(fc.constantFrom('yes', 'no', 'a', 'b', 'true', 3, 'approve'), wildValue);
  if (/(^|_)id$/.test(name) && (n.type === 'string' || Object.keys(n).length === 0)) {
    const ids = name === 'project_id' ? [pool.projectId, pool.projectId, pool.otherProjectId, pool.foreignProjectId] : Object.values(pool);
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: str(n) });
  }
  if (Array.isArray(n.enum)) return fc.constantFrom(...(n.enum as unknown[]));
  if (n.const !== undefined) return fc.constant(n.const);
  const branches = (n.anyOf ?? n.oneOf) as Json[] | undefined;
  if (Array.isArray(branches)) return depth > 0 ? fc.oneof(...branches.map((b) => fitting(b, root, pool, depth - 1, name))) : wildValue;
  const types = Array.isArray(n.type) ? (n.type as string[]) : typeof n.type === 'string' ? [n.type] : [];
  const options = types.flatMap((type): fc.Arbitrary<unknown>[] => {
    switch (type) {
      case 'string':
        if (n.format === 'email') return [fc.emailAddress()];
        if (n.format === 'uuid') return [fc.uuid()];
        if (n.format === 'uri') return [fc.webUrl()];
        if (n.format === 'date-time') return [fc.date({ noInvalidDate: true }).map((d) => d.toISOString())];
        if (typeof n.pattern === 'string') return [fc.stringMatching(new RegExp(n.pattern))];
        return [str(n)];
      case 'integer':
        return [fc.integer({ min: typeof n.minimum === 'number' ? n.minimum : -1_000_000, max: typeof n.maximum === 'number' ? n.maximum : 1_000_000 })];
      case 'number':
        return [fc.double({ min: typeof n.minimum === 'number' ? n.minimum : -1e6, max: typeof n.maximum === 'number' ? n.maximum : 1e6, noNaN: true, noDefaultInfinity: true })];
      case 'boolean':
        return [fc.boolean()];
      case 'null':
        return [fc.constant(null)];
      case 'array': {
        if (depth <= 0) return [fc.constant([])];
        const items = n.items ? fitting(n.items as Json, root, pool, depth - 1, name.replace(/s$/, '')) : wildValue;
        const minLength = typeof n.minItems === 'number' ? n.minItems : 0;
        return [fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(typeof n.maxItems === 'number' ? n.maxItems : 3, 3)) })];
      }
      case 'object': {
        if (depth <= 0) return [fc.constant({})];
        const props = (n.properties ?? {}) as Record<string, Json>;
        if (Object.keys(props).length === 0 && n.additionalProperties && typeof n.additionalProperties === 'object') {
          return [fc.dictionary(fc.string({ maxLength: 10 }), fitting(n.additionalProperties as Json, root, pool, depth - 1), { maxKeys: 3 })];
        }
        // Required fields, the fields that steer the most code, and a few others: a request naming every
        // optional field at once would almost always trip a cross-field rule and stop at validation.
        const required = ((n.required ?? []) as string[]).filter((k) => k in props);
        const steering = ['type', 'project_id', 'content', 'answer'].filter((k) => k in props && !required.includes(k));
        const optional = Object.keys(props).filter((k) => !required.includes(k) && !steering.includes(k));
        const mostly = fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
        const picked = fc.tuple(fc.tuple(...steering.map(() => mostly)), fc.subarray(optional, { maxLength: Math.min(3, optional.length) }));
        const record = picked.chain(([keep, more]) =>
          fc.record(Object.fromEntries([...required, ...steering.filter((_, i) => keep[i]), ...more].map((k) => [k, fitting(props[k] as Json, root, pool, depth - 1, k)]))),
        );
        if (!('type' in props && 'input' in props && 'answers' in props)) return [record];
        // A task: its input must fit its type, which a schema-blind value almost never does.
        const task = fc.constantFrom(...HUMAN_TASK_TYPES).chain((type) =>
          fc.record({ base: record, input: fc.option(fitting(INPUT_SCHEMAS[type] ?? {}, INPUT_SCHEMAS[type] ?? {}, pool, 3), { freq: 4 }), answers: fitting(props.answers as Json, root, pool, 2) }).map(({ base, input, answers }) => ({
            ...(base as object),
            type,
            ...(input === null ? {} : { input }),
            ...(type === 'multi' ? { answers } : {}),
          })),
        );
        return [record, task, task];
      }
      default:
        return [];
    }
  });
  return options.length ? fc.oneof(...options) : wildValue;
}

/** A fitting value with one to three fields replaced by wrong-typed values, removed, or added unknown. */
function mutated(node: Json, root: Json, pool: Pool): fc.Arbitrary<unknown> {
  const n = deref(node, root);
  const names = Object.keys((n.properties ?? {}) as Json);
  const key = names.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString')) }) : fc.string({ maxLength: 12 });
  const change = fc.tuple(key, fc.option(wildValue, { freq: 6 }));
  return fc.tuple(fitting(n, root, pool, 4), fc.array(change, { minLength: 1, maxLength: 3 })).map(([value, changes]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [k, v] of changes) {
      if (v === null) delete out[k];
      else Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
    }
    return out;
  });
}

const toJsonSchema = (schema: z.ZodType): Json => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;

function bodyArb(route: AnyRoute, pool: Pool): fc.Arbitrary<FuzzRequest['body']> {
  const none = fc.constant<FuzzRequest['body']>({ kind: 'none' });
  if (route.method === 'get') return none;
  const schema = route.body ?? route.bodyDoc;
  const json: fc.Arbitrary<unknown>[] = [fc.jsonValue(), wildValue];
  if (schema) {
    const root = toJsonSchema(schema);
    // Batch endpoints take one object or an array of them: fuzz the object, alone and in arrays.
    const branches = ((root.anyOf ?? root.oneOf) as Json[] | undefined)?.map((b) => deref(b, root));
    const object = branches?.find((b) => b.type === 'object') ?? root;
    const one = fc.oneof({ weight: 3, arbitrary: fitting(object, root, pool, 4) }, { weight: 2, arbitrary: mutated(object, root, pool) });
    json.push(one, one, one);
    if (branches?.some((b) => b.type === 'array')) json.push(fc.array(one, { minLength: 1, maxLength: 6 }));
  }
  const contentType = fc.constantFrom(null, 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.minga+json', 'application/json; charset=latin1', 'application/jsonx', '*/*');
  return fc.oneof(
    { weight: 6, arbitrary: fc.oneof(...json).map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: fc.oneof(fc.string(), fc.constantFrom('{', '[1,', '{"a":}', 'null', '""', '{"name":"x"', '\u0000', '\ufeff{}', '{}{}', '[]')), type: contentType }) },
    { weight: 1, arbitrary: none },
  );
}

function queryArb(route: AnyRoute, pool: Pool): fc.Arbitrary<[string, string][]> {
  const schema = route.query ? toJsonSchema(route.query) : undefined;
  const props = (schema?.properties ?? {}) as Record<string, Json>;
  const known = Object.keys(props);
  const wildValue = fc.oneof(
    anyText,
    fc.integer().map(String),
    fc.double().map(String),
    fc.constantFrom('true', 'false', '1', '0', 'yes', '', '-1', '1001', '1e3', ...HUMAN_TASK_TYPES, 'pending', 'completed'),
    fc.constantFrom(...Object.values(pool)),
    fc.uuid(),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.string({ maxLength: 40 }).map((s) => Buffer.from(`v1:${s}`).toString('base64url')),
    fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 0n, max: 10n ** 30n })).map(([a, b]) => Buffer.from(`e1:${a}:${b}`).toString('base64url')),
  );
  const fitted = (key: string) => fitting(props[key] as Json, schema as Json, pool, 1, key).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
  const pair = (key: string) => fc.tuple(fc.constant(key), fc.oneof({ weight: 5, arbitrary: fitted(key) }, { weight: 1, arbitrary: wildValue }));
  const randomPair = fc.tuple(fc.string({ maxLength: 12 }), wildValue);
  return fc.oneof(
    { weight: 4, arbitrary: fc.subarray(known, { maxLength: Math.min(4, known.length) }).chain((keys) => fc.tuple(...keys.map(pair)).map((pairs): [string, string][] => [...pairs])) },
    { weight: 1, arbitrary: fc.array(fc.oneof(randomPair, ...known.map(pair)), { maxLength: 5 }) },
  );
}

function requestArb(route: AnyRoute, pool: Pool): fc.Arbitrary<FuzzRequest> {
  const id = fc.oneof(
    { weight: 4, arbitrary: anyText.filter((s) => s.isWellFormed()).map((s) => encodeURIComponent(s)) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 2, arbitrary: fc.constantFrom(...Object.values(pool)) },
    { weight: 1, arbitrary: fc.uuid() },
  );
  return fc.record({
    id,
    query: queryArb(route, pool),
    body: bodyArb(route, pool),
    idempotencyKey: fc.option(fc.oneof(headerValue(40), headerValue(400), fc.string({ minLength: 250, maxLength: 260, unit: safeHeaderChar })), { freq: 3 }),
    auth: fc.constantFrom<Auth>('key', 'key', 'key', 'scoped', 'scoped', 'session', 'helper', 'none', 'garbage'),
  });
}

describeEachStore('fuzz every route', (ctx) => {
  let t: TestApp;
  let pool: Pool;
  const tokens: Record<Auth, string | null> = { key: null, scoped: null, session: null, helper: null, none: null, garbage: null };

  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    const project = await t.newProject(t.adminKey, { defaults: { type: 'yesno' } });
    const other = await t.newProject(t.adminKey);
    const task = await t.call('POST', '/v1/tasks', { body: { project_id: project.id, type: 'yesno', content: 'Is it?' } });
    const operation = await t.call('POST', '/v1/tasks?async_mode=true', { body: [{ project_id: project.id, type: 'yesno', content: 'Op?' }] });
    const spare = await t.call('POST', '/v1/api-keys', { body: { name: 'spare' } });
    // Two helpers: the fuzzer may remove the one whose id it knows, never the one whose session it uses.
    const invite = await t.call('POST', '/v1/helpers', { body: { email: `fuzz-helper-${ctx.backend}@example.test`, project_ids: [project.id] } });
    const worker = await t.call('POST', '/v1/helpers', { body: { email: `fuzz-worker-${ctx.backend}@example.test`, project_ids: [project.id] } });
    const accepted = await t.call('POST', '/v1/auth/accept-invite', { token: null, body: { token: worker.json.invite_token, password: 'helper password 123' } });
    const session = await t.adminSession();
    const foreign = await t.newAccount('Foreign');
    const foreignProject = await t.newProject(foreign.apiKey);
    const claim = await t.call('POST', '/v1/work/claim', { token: accepted.json.token, body: { project_id: project.id } });
    for (const r of [task, operation, spare, invite, worker, accepted, claim]) expect(r.status, r.text).toBeLessThan(300);
    pool = {
      projectId: project.id,
      otherProjectId: other.id,
      taskId: task.json.id,
      operationId: operation.json.id,
      helperId: invite.json.helper.id,
      spareKeyId: spare.json.api_key.id,
      foreignProjectId: foreignProject.id,
      assignmentId: claim.json.id,
    };
    Object.assign(tokens, {
      key: t.adminKey,
      scoped: project.key,
      session,
      helper: accepted.json.token,
      garbage: 'mk_live_' + 'x'.repeat(43),
    });
  });

  it.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s never answers 5xx and always the error envelope', async (_name, route) => {
    await fc.assert(
      fc.asyncProperty(requestArb(route, pool), async (req) => {
        const path = route.path.replace(/\{\w+\}/g, req.id);
        const search = req.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.isWellFormed() ? v : v.toWellFormed())}`).join('&');
        const headers: Record<string, string> = {};
        const token = tokens[req.auth];
        if (token) headers.authorization = `Bearer ${token}`;
        if (req.idempotencyKey !== null) headers['idempotency-key'] = req.idempotencyKey;
        let body: string | undefined;
        if (req.body.kind === 'json') {
          body = JSON.stringify(req.body.value) ?? 'null';
          headers['content-type'] = 'application/json';
        } else if (req.body.kind === 'raw') {
          body = req.body.text;
          if (req.body.type) headers['content-type'] = req.body.type;
        }
        const url = search ? `${path}?${search}` : path;
        const res = await t.app.request(url, { method: route.method.toUpperCase(), headers, body });
        const text = await res.text();
        const where = `${route.method.toUpperCase()} ${url} [${req.auth}] -> ${res.status} ${text.slice(0, 300)}`;
        expect(res.status, where).toBeLessThan(500);
        const requestId = res.headers.get('x-request-id');
        expect(requestId, where).toMatch(/^req_/);
        if (res.status < 400 && text !== '') expect(() => JSON.parse(text), where).not.toThrow();
        if (res.status >= 400) {
          const json = JSON.parse(text) as { error?: { code?: string; message?: unknown; request_id?: unknown } };
          expect(Object.keys(json), where).toEqual(['error']);
          expect(ERROR_CODES, where).toContain(json.error?.code);
          expect(ERROR_STATUS[json.error?.code as keyof typeof ERROR_STATUS], where).toBe(res.status);
          expect(typeof json.error?.message, where).toBe('string');
          // A replay returns the first response byte for byte: its request_id names the request that was
          // processed; X-Request-Id names this one.
          if (res.headers.get('idempotent-replayed') === 'true') expect(json.error?.request_id, where).toMatch(/^req_/);
          else expect(json.error?.request_id, where).toBe(requestId);
        }
      }),
      { numRuns: runsFor(ctx.backend) },
    );
  });

  it('the credentials the fuzzer used still work (it never revoked its own keys)', async () => {
    for (const auth of ['key', 'scoped', 'session', 'helper'] as const) {
      const r = await t.call('GET', '/v1/me', { token: tokens[auth] });
      expect(r.status, auth).toBe(200);
    }
  });
});
