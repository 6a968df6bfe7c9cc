import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Bounded contexts talk to each other only through their index.ts; the domain
// layer imports nothing but itself and the kernel; use cases reach files,
// processes, the network and outside systems through ports; cli code writes
// through the IO object and never ends the process. Each import restriction
// holds for import/export declarations (no-restricted-imports) and for
// import(), import('x').Type and require() (no-restricted-syntax).
//
// ESLint replaces (does not merge) the options of a rule that two config
// objects set for one file. So the source tree is cut into disjoint file
// groups (one per context and layer, each split into cli and non-cli files)
// and each group's no-restricted-imports and no-restricted-syntax options are
// built whole, in one place, by `groupRules`. Only the base object overlaps
// them, and every group repeats what it sets.
//
// The contexts are the folders under src/contexts/; each must be imported in
// src/modules.ts, or the files at the root of that folder (all its files when
// it has none there) fail the lint. tests/lint/lint-rules.test.ts lints probe
// sources against a copy of this file.

// `import { z } from 'zod'` drags every zod locale into the bundle (+370 KB, ~40 ms of start-up).
const ZOD_NAMESPACE = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "import * as z from 'zod' (the named z export bundles every locale)",
};

const CLI_SYNTAX = [
  {
    selector:
      ":matches(MemberExpression[object.name='process'][property.name='exit'], MemberExpression[object.name='process'][property.value='exit'])",
    message: 'main sets the exit code; throw an AppError',
  },
  {
    selector: "CallExpression[callee.object.name='console']",
    message: 'write through the IO object (ctx.data / ctx.say)',
  },
];

// Files, processes and the network, and the parsers and printers of file formats.
const IO_LIBRARIES = [
  'node:fs',
  'fs',
  'node:fs/promises',
  'fs/promises',
  'node:child_process',
  'child_process',
  'node:http',
  'http',
  'node:https',
  'https',
  'node:net',
  'net',
  'yaml',
  'csv-parse',
  'csv-stringify',
  'cli-table3',
];
// Drivers, the CLI toolkit and outside systems: adapters only.
const ADAPTER_LIBRARIES = [
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
  'nodemailer',
  'pg-boss',
  'marked',
  'marked-terminal',
];
const RESTRICTED_LIBRARIES = [...IO_LIBRARIES, ...ADAPTER_LIBRARIES];

// Regular expressions are written with `\/` so that the same source serves
// RegExp (no-restricted-imports) and esquery (no-restricted-syntax selectors).
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const libraries = (names) => `^(${names.map(escape).join('|')})(\\/.*)?$`;
const folder = (name) => `(^|\\/)${name}\\/`;
const WIRING = '(^|\\/)(composition|modules?)\\.js$';

const LAYERS = {
  domain: [
    { regex: libraries(RESTRICTED_LIBRARIES), message: 'the domain layer is pure: no drivers, CLI or I/O libraries' },
    {
      regex: `${folder('(application|adapters|persistence|cli)')}|${WIRING}`,
      message: 'the domain imports only itself and the kernel',
    },
  ],
  application: [
    {
      regex: libraries(RESTRICTED_LIBRARIES),
      message: 'use cases reach files, processes, the network and outside systems through ports',
    },
    { regex: `${folder('(adapters|cli)')}|${WIRING}`, message: 'use cases depend on ports, not adapters' },
  ],
  adapters: [],
};
const BELOW_ADAPTERS = [
  {
    regex: `${folder('cli')}|(^|\\/)contexts\\/(.*\\/)?application\\/`,
    message: 'no CLI or use cases below the adapters',
  },
];

function boundaries(context, contexts) {
  return contexts
    .filter((other) => other !== context)
    .map((other) => ({
      regex: `(^|\\/)(contexts|\\.\\.)\\/${escape(other)}\\/[^\\/]+\\/`,
      message: `import the ${other} context through its index.ts only`,
    }));
}

function missingFromModules(context, registered) {
  const why = registered ? '' : ' (src/modules.ts does not exist)';
  return {
    selector: 'Program',
    message: `context folder ${context} is missing from src/modules.ts${why}: add (await import('./contexts/${context}/module.js')).${context}Module,`,
  };
}

/**
 * The complete options of both restricting rules for one file group: the
 * static imports it may not make, the same modules through import(),
 * import('x').Type and require(), the zod namespace rule, the cli rules, and
 * the missing-module check.
 */
function groupRules({ restrictions, cli, missing }) {
  const syntax = [ZOD_NAMESPACE];
  for (const { regex, message } of restrictions) {
    const source = `/${regex}/`;
    syntax.push({
      selector: `:matches(ImportExpression[source.value=${source}], TSImportType[argument.literal.value=${source}], CallExpression[callee.name='require'][arguments.0.value=${source}])`,
      message,
    });
  }
  if (cli) syntax.push(...CLI_SYNTAX);
  if (missing) syntax.push(missing);
  const rules = { 'no-restricted-syntax': ['error', ...syntax] };
  if (restrictions.length > 0) {
    rules['no-restricted-imports'] = [
      'error',
      { patterns: restrictions.map(({ regex, message }) => ({ regex, message, caseSensitive: true })) },
    ];
  }
  return rules;
}

const CLI_FILES = ['src/**/*.cli.ts', 'src/**/adapters/cli/**/*.ts', 'src/cli/**/*.ts'];

// One area of the tree (disjoint from the others) becomes two config objects:
// its cli files and the rest.
function area({ name, files, ignores = [], restrictions = [], missing }) {
  return [
    {
      name: `renfe/${name}`,
      files,
      ignores: [...ignores, ...CLI_FILES],
      rules: groupRules({ restrictions, cli: false, missing }),
    },
    {
      name: `renfe/${name}/cli`,
      files: files.flatMap((glob) => CLI_FILES.map((cliGlob) => [glob, cliGlob])),
      ignores,
      rules: groupRules({ restrictions, cli: true, missing }),
    },
  ];
}

function folders(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The contexts imported in src/modules.ts (`import { xModule } from './contexts/x/module.js';`), or null without the file. */
function registeredContexts(root) {
  const file = join(root, 'src', 'modules.ts');
  if (!existsSync(file)) return null;
  const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  // `(await import('./contexts/x/module.js')).xModule,` (one line per module) or a plain import of it.
  const listed = /^\s*\(await\s+import\((['"])\.\/contexts\/([^/'"]+)\/module\.js\1\)\)\.\w+\s*,?\s*$/gm;
  const line = /^\s*import\s*\{\s*\w+\s*\}\s*from\s*(['"])\.\/contexts\/([^/'"]+)\/module\.js\1\s*;?\s*$/gm;
  return new Set([...code.matchAll(listed), ...code.matchAll(line)].map((match) => match[2]));
}

function sourceRules(root) {
  const registered = registeredContexts(root);
  const contexts = folders(join(root, 'src', 'contexts'));
  const missing = (context) =>
    registered && registered.has(context) ? undefined : missingFromModules(context, registered);
  const layerNames = Object.keys(LAYERS);

  // The missing-module error goes on the files directly in the context folder
  // (index.ts, module.ts), or on every file when there are none.
  const perContext = contexts.flatMap((context) => {
    const base = `src/contexts/${context}`;
    const topLevel = readdirSync(join(root, base)).some((name) => name.endsWith('.ts'));
    return [
      ...layerNames.flatMap((layer) =>
        area({
          name: `${context}/${layer}`,
          files: [`${base}/${layer}/**/*.ts`],
          restrictions: [...LAYERS[layer], ...boundaries(context, contexts)],
          missing: topLevel ? undefined : missing(context),
        }),
      ),
      ...area({
        name: context,
        files: [`${base}/**/*.ts`],
        ignores: layerNames.map((layer) => `${base}/${layer}/**`),
        restrictions: boundaries(context, contexts),
        missing: missing(context),
      }),
    ];
  });

  // A file in a folder that was not there when the config loaded (or a virtual
  // path): the same layer rules, every context's boundaries, and the
  // missing-module error.
  const known = contexts.map((context) => `src/contexts/${context}/**`);
  const unlisted = {
    selector: 'Program',
    message: `context folder is missing from src/modules.ts (the listed ones are: ${[...(registered ?? [])].join(', ') || 'none'})`,
  };
  const elsewhere = [
    ...layerNames.flatMap((layer) =>
      area({
        name: `unlisted/${layer}`,
        files: [`src/contexts/*/${layer}/**/*.ts`],
        ignores: known,
        restrictions: [...LAYERS[layer], ...boundaries(null, contexts)],
        missing: unlisted,
      }),
    ),
    ...area({
      name: 'unlisted',
      files: ['src/contexts/*/**/*.ts'],
      ignores: [...known, ...layerNames.map((layer) => `src/contexts/*/${layer}/**`)],
      restrictions: boundaries(null, contexts),
      missing: unlisted,
    }),
  ];

  return [
    ...perContext,
    ...elsewhere,
    ...area({
      name: 'kernel-persistence',
      files: ['src/kernel/**/*.ts', 'src/persistence/**/*.ts'],
      restrictions: BELOW_ADAPTERS,
    }),
    ...area({
      name: 'src',
      files: ['src/**/*.ts'],
      ignores: ['src/contexts/**', 'src/kernel/**', 'src/persistence/**'],
    }),
  ];
}

/** The whole configuration for the project whose root is `root`. */
function buildConfig(root) {
  return tseslint.config(
    { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tests/lint/.work-*/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      languageOptions: { globals: globals.node, parserOptions: { tsconfigRootDir: root } },
      rules: {
        'no-control-regex': 'off',
        'no-restricted-syntax': ['error', ZOD_NAMESPACE],
        '@typescript-eslint/no-explicit-any': 'off',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      },
    },
    ...sourceRules(root),
  );
}

export default buildConfig(dirname(fileURLToPath(import.meta.url)));
