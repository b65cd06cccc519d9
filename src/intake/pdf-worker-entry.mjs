// Piscina loads this plain-JS file in the PDF worker thread. Node 20 does not pass tsx's loader
// hooks on to workers, so register them here, then hand over to the TypeScript renderer.
import { register } from 'tsx/esm/api';

register();
const { renderPdfPages } = await import('./pdf-pages.ts');

export default renderPdfPages;
