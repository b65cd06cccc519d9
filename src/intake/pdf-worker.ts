// The PDF worker's task function, as its own bundle in the compiled server (bin/server-build.mjs).
export { renderPdfPages as default } from './pdf-pages';
