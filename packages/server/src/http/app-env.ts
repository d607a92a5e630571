/** Values the request pipeline shares through Hono's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    accountId: string | undefined;
  };
}
