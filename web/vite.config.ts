import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Builds the dashboard into web/dist (served by the gateway at `/`) and runs its component tests. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API runs on the gateway.
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/webhooks': 'http://127.0.0.1:8787',
    },
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
