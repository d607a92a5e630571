import { beforeAll, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/core/limits/create-rate-limiter.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

// Password guessing: three login attempts per email at once (then three a minute), whatever their outcome.
describeEachStore('login attempts per email', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store, {}, { loginLimiter: createRateLimiter(ctx.store, { requestsPerSecond: 3 / 60, requestsBurst: 3, tasksPerMinute: 0 }) });
  });
  const attempt = (email: string, password: string) => t.call('POST', '/v1/auth/login', { token: null, body: { email, password } });

  it('refuses guessing with 429 and Retry-After, per email, before the password is even checked', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt(t.adminEmail, `wrong guess ${i}`)).status).toBe(401);
    const refused = await attempt(t.adminEmail, t.adminPassword);
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('too many login attempts for this email') });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The email is what is limited, in any case; another account logs in as usual.
    expect((await attempt(t.adminEmail.toUpperCase(), t.adminPassword)).status).toBe(429);
    const other = await t.newAccount();
    expect((await attempt(other.email, other.password)).status).toBe(200);
  });
});
