import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';

/** Everything the HTTP app needs, built once by `main` and handed in: the app itself reads no environment. */
export interface AppDeps {
  store: Store;
  logger: Logger;
  config: {
    openSignup: boolean;
    maxBodyBytes: number;
    publicUrl: string;
  };
  /** Wakes the background runner after an operation was queued. */
  onOperationQueued: () => void;
}
