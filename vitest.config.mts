// vitest collects every *.test.* file except the real-editor suite (test/e2e/editor.test.mjs), which runs inside
// code-server through test/e2e/run.sh (npm run test:e2e), and what other tools own (dependencies, build output).
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'test/e2e/**', 'dist/**', 'bench/out/**'],
  },
});
