// Piscina loads this plain-JS file in each worker thread. Node 20 does not pass tsx's loader
// hooks on to workers, so register them here, then hand over to the TypeScript task function.
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import('./worker.ts');

export default runTask;
