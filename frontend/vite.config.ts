import { defineConfig } from 'vitest/config';

// React without @vitejs/plugin-react: esbuild compiles JSX with the automatic runtime.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: { include: ['src/**/*.test.{ts,tsx}'], environment: 'node' },
});
