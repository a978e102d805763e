import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/generated/**', 'src/client/generated/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    // Services and backends throw plain domain errors and know nothing of GraphQL: the GraphQL layer
    // (src/resolvers, src/types, src/graphql, src/federation) is the only edge that imports it.
    files: ['src/services/**/*.ts', 'backends/**/*.ts', 'src/errors/**/*.ts', 'src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['graphql', 'graphql/*'], message: 'No GraphQL below the resolvers.' },
            { group: ['type-graphql', 'type-graphql/*'], message: 'No GraphQL below the resolvers.' },
            { group: ['@apollo/*'], message: 'No GraphQL below the resolvers.' },
            {
              group: [
                'prom-client',
                '@opentelemetry/sdk-*',
                '@opentelemetry/exporter-*',
                '@opentelemetry/resources',
                '**/observability/prometheus',
                '**/observability/tracing',
              ],
              message:
                'Report through the interfaces of src/observability/telemetry.ts (or spans of @opentelemetry/api).',
            },
          ],
        },
      ],
    },
  },
  { files: ['eslint.config.mjs'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
