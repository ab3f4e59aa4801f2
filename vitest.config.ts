import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const alias = { '@': fileURLToPath(new URL('./src', import.meta.url)) }

/**
 * Four suites: pure logic and the data/sync layers on fake-indexeddb (unit), React
 * screens in jsdom (app), the server over real HTTP on a temporary database (server),
 * and journeys in Debian's Chromium against the real server (e2e).
 */
export default defineConfig({
  resolve: { alias },
  test: {
    // Vitest's default (one fewer than the cores) is one worker on a 2-core CI machine, which
    // then runs the suite file after file with a core half idle: two at least
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: [
            'tests/shared/**/*.test.ts',
            'tests/data/**/*.test.ts',
            'tests/sync/**/*.test.ts',
            'tests/session/**/*.test.ts',
            'tests/cases/**/*.test.ts',
            'tests/components/**/*.test.ts',
            'tests/i18n/**/*.test.ts',
            'tests/repo/**/*.test.ts',
          ],
          exclude: ['tests/sync/property/**'],
          environment: 'node',
          setupFiles: ['tests/setup.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'app',
          include: ['tests/features/**/*.test.tsx', 'tests/app/**/*.test.tsx', 'tests/components/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['tests/setup.ts', 'tests/setup-dom.ts'],
          // journeys type through whole forms; on a loaded CI machine they outgrow 5 s
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // the sync engine against the real server under faults (fast-check); RELAIS_PROPERTY_RUNS sets the runs
          name: 'property',
          include: ['tests/sync/property/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
