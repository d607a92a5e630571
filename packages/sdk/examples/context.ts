/**
 * The names the JSDoc examples assume: declared, never run. Every `@example` in src/ is copied verbatim
 * into a function of examples/*.ts, which `tsc -p tsconfig.json` type-checks (test/examples.test.ts checks
 * that the copies match).
 */
import type { Minga, TaskCreate } from '@minga/sdk';

/** A client made with an API key. */
export declare const minga: Minga;
/** A client made with a helper's session token (`auth.acceptInvite` or `auth.login`). */
export declare const helper: Minga;
export declare const projectId: string;
export declare const taskId: string;
export declare const helperId: string;
export declare const keyId: string;
export declare const endpointId: string;
export declare const deliveryId: string;
export declare const assignmentId: string;
export declare const operationId: string;
export declare const inviteToken: string;
export declare const manyTasks: TaskCreate[];
/** An event feed position kept from an earlier read (`next_cursor`), if any. */
export declare const savedCursor: string | undefined;
/** A webhook delivery: its raw body, its Minga-Signature header, and the endpoint's secret. */
export declare const rawBody: string;
export declare const signature: string;
export declare const secret: string;
