import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Forbidden imports for the pure domain core: it talks to the world only through ports. */
const domainForbidden = [
  'express',
  'ws',
  'better-sqlite3',
  'pg',
  'react',
  'react-dom',
  'y-websocket',
  'ioredis',
  'redis',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['packages/**/*.ts', 'packages/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@rounds/server', '@rounds/web', '**/apps/**'],
              message: 'Packages never import apps.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: domainForbidden.map((name) => ({
            name,
            message: 'The domain core imports no transport, storage or UI.',
          })),
          patterns: [
            {
              group: [
                '@rounds/storage-*',
                '@rounds/server',
                '@rounds/web',
                '@rounds/editor',
                '**/apps/**',
                'yjs',
                'y-protocols',
                'y-protocols/*',
                '@tiptap/*',
              ],
              message: 'Dependencies point inward: the domain sees documents as bytes.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'apps/server/src/seedDemo.ts', 'apps/server/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
