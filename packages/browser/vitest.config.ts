import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['../../test-support/loopback-guard.ts'],
    // The package's features arrive with their own issues; until then it has nothing to test.
    passWithNoTests: true,
  },
})
