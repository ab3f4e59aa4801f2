import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/** Imports flow one way: shared → data → sync → features → app; server imports only shared. */
const layer = (from, forbidden) => ({
  files: [`src/${from}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((dir) => ({
          group: [`@/${dir}/*`, `**/${dir}/*`],
          message: `${from}/ may not import ${dir}/`,
        })),
      },
    ],
  },
})

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'dev-dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  layer('shared', ['data', 'sync', 'features', 'app', 'server', 'components']),
  layer('data', ['sync', 'features', 'app', 'server', 'components']),
  layer('sync', ['features', 'app', 'server', 'components']),
  layer('components', ['features', 'app', 'server']),
  layer('features', ['app', 'server']),
  layer('server', ['data', 'sync', 'features', 'app', 'components', 'session', 'i18n']),
)
