import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Bounded contexts talk to each other only through their index.ts; the domain
// layer imports nothing but itself and the kernel; use cases reach the outside
// world through ports. ESLint replaces (does not merge) a rule set twice for
// one file, so each context and layer gets its whole rule built here.
const CONTEXTS = ['auth', 'audit', 'assessment', 'survey', 'training', 'billing', 'reporting', 'jobs'];
// `import { z } from 'zod'` drags every zod locale into the bundle (+370 KB, ~40 ms of start-up).
const ZOD_NAMESPACE = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "import * as z from 'zod' (the named z export bundles every locale)",
};
const HEAVY = [
  'better-sqlite3',
  'pg',
  'kysely',
  'commander',
  '@inquirer/prompts',
  'pdfkit',
  'stripe',
  'openai',
  'ora',
  'chalk',
  'conf',
];

const LAYERS = {
  domain: {
    paths: HEAVY.map((name) => ({ name, message: 'the domain layer is pure: no drivers, CLI or I/O libraries' })),
    patterns: [
      {
        group: ['**/application/**', '**/adapters/**', '**/persistence/**', '**/cli/**', '**/composition.js'],
        message: 'the domain imports only itself and the kernel',
      },
    ],
  },
  application: {
    paths: HEAVY.map((name) => ({ name, message: 'use cases reach outside systems through ports' })),
    patterns: [
      {
        group: ['**/adapters/**', '**/cli/**', '**/composition.js'],
        message: 'use cases depend on ports, not adapters',
      },
    ],
  },
  adapters: { paths: [], patterns: [] },
};

function boundaries(context) {
  return CONTEXTS.filter((other) => other !== context).map((other) => ({
    group: [`**/contexts/${other}/*/**`, `**/../${other}/*/**`],
    message: `import the ${other} context through its index.ts only`,
  }));
}

const contextRules = CONTEXTS.flatMap((context) =>
  Object.entries(LAYERS).map(([layer, { paths, patterns }]) => ({
    files: [`src/contexts/${context}/${layer}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { paths, patterns: [...patterns, ...boundaries(context)] }] },
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      'no-control-regex': 'off',
      'no-restricted-syntax': ['error', ZOD_NAMESPACE],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...contextRules,
  {
    files: ['src/persistence/**/*.ts', 'src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cli/**', '**/contexts/**/application/**'],
              message: 'no CLI or use cases below the adapters',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.cli.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='exit']",
          message: 'main sets the exit code; throw an AppError',
        },
        {
          selector: "CallExpression[callee.object.name='console']",
          message: 'write through the IO object (ctx.data / ctx.say)',
        },
      ],
    },
  },
);
