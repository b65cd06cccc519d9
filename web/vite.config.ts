import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Root is web/; the app imports shared domain data (section fields, rules) from ../src/domain
// through the `@domain` alias so the form and the server validate against the same definitions.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const domainDir = fileURLToPath(new URL('../src/domain', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [vue()],
  resolve: {
    alias: {
      '@domain': domainDir,
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus is registered fully; one vendor chunk of ~1 MB is expected.
    chunkSizeWarningLimit: 1600,
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
