// Loaded as the embedded database's worker thread when running from sources: Node 20 does not pass
// tsx's loader hooks on to workers, so register them here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-thread.ts');
