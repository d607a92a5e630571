/**
 * Who is calling: an API key or a logged-in user, always inside one account. Every query the core runs on
 * a caller's behalf is filtered by `accountId` (and `projectId` when the key is scoped to one project).
 */
export interface Principal {
  accountId: string;
  /** `test` keys see only the test namespace. Sessions are live. */
  mode: 'live' | 'test';
  keyId: string | null;
  userId: string | null;
  /** Set when the key is scoped to one project. */
  projectId: string | null;
  role: 'owner' | 'helper' | 'key';
  instanceAdmin: boolean;
}

export const isTest = (p: Principal): number => (p.mode === 'test' ? 1 : 0);
