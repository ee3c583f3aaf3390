// @ts-check
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Every layer of src/ but the bottom two (src/domain, src/shared), which import none of them. */
const upperLayers = [
  'src/activities',
  'src/cli',
  'src/clients',
  'src/config',
  'src/http',
  'src/ingest',
  'src/logger.ts',
  'src/metrics',
  'src/provision',
  'src/stack',
  'src/tools',
  'src/tracing',
  'src/util',
  'src/workers',
  'src/workflows',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.synchub/**',
      'bin/**',
      'eslint.config.mjs',
      'jest.config.js',
      'jest.chaos.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Interface implementations are often async without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Dependency direction. no-cycle follows runtime imports; the zones check type-only imports too, so a
    // type import against the direction (the usual start of a cycle) fails as well.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: 'src/workflows',
              from: 'src/domain/index.ts',
              message:
                'Workflow code imports the one domain module it needs: the barrel brings the XML parser and every transform into the workflow bundle.',
            },
            {
              target: 'src/workflows',
              from: [
                'src/cli',
                'src/clients',
                'src/config',
                'src/http',
                'src/ingest',
                'src/logger.ts',
                'src/metrics',
                'src/provision',
                'src/stack',
                'src/tools',
                'src/tracing',
                'src/util',
                'src/workers',
              ],
              message:
                'Workflow code is deterministic and gets its settings from its input: no clients, config or process code.',
            },
            {
              target: 'src/adapters',
              from: [
                'src/activities',
                'src/cli',
                'src/http',
                'src/ingest',
                'src/metrics',
                'src/workers',
                'src/workflows',
              ],
              message:
                'Adapters (DynamoDB, SNS, SAP OData, Kafka history) sit below the activities and the ingester that are given them.',
            },
            {
              target: 'src/activities',
              from: 'src/ingest',
              message:
                'Activities are given what they need of the ingester (ActivityDeps); put what both use in src/shared.',
            },
            {
              target: ['src/domain', 'src/shared'],
              from: upperLayers,
              message:
                'src/domain and src/shared are the bottom layers: they import nothing from the rest of src.',
            },
            {
              target: 'src/domain/*/**',
              from: [
                'src/domain/index.ts',
                'src/domain/idoc-handlers.ts',
                'src/domain/schemas.ts',
                'src/domain/transform.ts',
                'src/domain/transform-document.ts',
              ],
              message:
                'Entity modules sit below the barrel and the registries that assemble them; share what both need in a module of its own.',
            },
          ],
        },
      ],
    },
  },
  {
    // Environment variables are declared once (src/config/settings.ts) and read only by the config loaders.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.type='MemberExpression'][object.object.name='process'][object.property.name='env']",
          message: 'Read environment variables through src/config (declare them in settings.ts).',
        },
        {
          selector:
            "VariableDeclarator[id.type='ObjectPattern'][init.type='MemberExpression'][init.object.name='process'][init.property.name='env']",
          message: 'Read environment variables through src/config (declare them in settings.ts).',
        },
      ],
    },
  },
  {
    // Workflow code must stay deterministic: no Node built-ins, no I/O clients, no env, no clocks.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@aws-sdk/*',
                'kafkajs',
                'pino',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message: 'Workflow code does no I/O: call an activity.',
            },
            {
              group: ['**/activities', '**/activities/*'],
              allowTypeImports: true,
              message: 'Import activity types only (import type).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No environment in workflow code.' },
        { name: 'setTimeout', message: 'Use sleep() / condition() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Use workflow time: it is deterministic in workflow code but say why you need it.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
);
