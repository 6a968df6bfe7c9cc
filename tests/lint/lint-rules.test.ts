import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Probe sources are linted under virtual paths by the project's eslint.config.js,
// copied into a small project here (tests/lint/.work-*) whose src/contexts/
// folders and src/modules.ts each test controls. The copy resolves its plugins
// from the repository's node_modules.
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const made: string[] = [];

type Project = { eslint: ESLint; dir: string };

function project({ folders, modules }: { folders: Record<string, string[]>; modules: string | null }): Project {
  const dir = mkdtempSync(join(here, '.work-'));
  made.push(dir);
  copyFileSync(join(repo, 'eslint.config.js'), join(dir, 'eslint.config.js'));
  for (const [context, files] of Object.entries(folders)) {
    mkdirSync(join(dir, 'src', 'contexts', context), { recursive: true });
    for (const file of files) writeFileSync(join(dir, 'src', 'contexts', context, file), 'export {};\n');
  }
  if (modules !== null) writeFileSync(join(dir, 'src', 'modules.ts'), modules);
  return { eslint: new ESLint({ cwd: dir, overrideConfigFile: join(dir, 'eslint.config.js') }), dir };
}

const moduleLine = (context: string) => `import { ${context}Module } from './contexts/${context}/module.js';`;
const LISTED = ['auth', 'audit', 'assessment', 'reporting'];

type Expected = [line: number, rule: string, text: string];

async function lint({ eslint, dir }: Project, filePath: string, lines: string[]) {
  const [result] = await eslint.lintText(lines.join('\n') + '\n', { filePath: join(dir, filePath) });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  return result.messages.map((m) => ({ line: m.line, rule: m.ruleId, message: m.message }));
}

/** Exactly these messages, in any order: nothing missing and nothing more. */
async function expectMessages(eslint: Project, filePath: string, lines: string[], expected: Expected[]) {
  const messages = await lint(eslint, filePath, lines);
  const shown = messages.map((m) => `${m.line} ${m.rule}: ${m.message}`).join('\n');
  for (const [line, rule, text] of expected) {
    const hit = messages.some((m) => m.line === line && m.rule === rule && m.message.includes(text));
    expect(hit, `${filePath}: expected line ${line} ${rule} "${text}", got:\n${shown}`).toBe(true);
  }
  expect(messages.length, `${filePath}: unexpected messages:\n${shown}`).toBe(expected.length);
}

let eslint: Project;
let eslintWithoutModules: Project;

beforeAll(() => {
  eslint = project({
    folders: {
      auth: [],
      audit: [],
      assessment: [],
      reporting: [],
      survey: [],
      billing: ['index.ts'],
      training: [],
      jobs: [],
    },
    modules: [
      "import type { ContextModule } from './module.js';",
      ...LISTED.map(moduleLine),
      `// ${moduleLine('training')}`,
      '/*',
      moduleLine('jobs'),
      '*/',
      '',
      'export const MODULES = [authModule, auditModule, assessmentModule, reportingModule] as const;',
      '',
    ].join('\n'),
  });
  eslintWithoutModules = project({ folders: { auth: [], reporting: [] }, modules: null });
});

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const IMPORTS = 'no-restricted-imports';
const SYNTAX = 'no-restricted-syntax';
const PURE = 'the domain layer is pure';
const PORTS = 'use cases reach files, processes, the network and outside systems through ports';
const ZOD = "import * as z from 'zod'";
const CONSOLE = 'write through the IO object';
const EXIT = 'main sets the exit code';

// Every library the domain and the use cases may not import.
const LIBRARIES = [
  'node:fs',
  'fs',
  'fs/promises',
  'node:fs/promises',
  'node:child_process',
  'node:http',
  'node:net',
  'yaml',
  'csv-parse',
  'csv-stringify',
  'cli-table3',
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

describe('domain files', () => {
  it('may not import file, network or format libraries, drivers, or outer layers, in any import form', async () => {
    await expectMessages(
      eslint,
      'src/contexts/assessment/domain/probe.ts',
      [
        "import 'node:fs';",
        "export { parse } from 'yaml';",
        "import type { Pool } from 'pg';",
        'export type { Pool };',
        "export const pdf = () => import('pdfkit');",
        "export type Client = import('pg').Client;",
        "import '../application/ports.js';",
        "import '../../../kernel/app-error.js';",
        "import './scoring.js';",
        "import 'csv-parse/sync';",
        "import '../adapters/persistence/kysely-assessment-store.js';",
        "import '../../../composition.js';",
      ],
      [
        [1, IMPORTS, PURE],
        [2, IMPORTS, PURE],
        [3, IMPORTS, PURE],
        [5, SYNTAX, PURE],
        [6, SYNTAX, PURE],
        [7, IMPORTS, 'the domain imports only itself and the kernel'],
        [10, IMPORTS, PURE],
        [11, IMPORTS, 'the domain imports only itself and the kernel'],
        [12, IMPORTS, 'the domain imports only itself and the kernel'],
      ],
    );
  });

  it('keep the zod namespace rule next to the import rules', async () => {
    await expectMessages(
      eslint,
      'src/contexts/reporting/domain/probe.ts',
      ["import { z } from 'zod';", "import 'node:fs';", 'export { z };'],
      [
        [1, SYNTAX, ZOD],
        [2, IMPORTS, PURE],
      ],
    );
  });

  it('a clean domain file gets no message', async () => {
    await expectMessages(
      eslint,
      'src/contexts/reporting/domain/probe.ts',
      [
        "import * as z from 'zod';",
        "import { createHash } from 'node:crypto';",
        "import type { AssessmentSnapshot } from '../../assessment/index.js';",
        "import { AppError } from '../../../kernel/app-error.js';",
        "import { narrative } from './narrative.js';",
        'export type Data = AssessmentSnapshot;',
        'export const ok = (): string => createHash("sha256").update(String(z) + String(AppError) + narrative).digest("hex");',
      ],
      [],
    );
  });
});

describe('application files', () => {
  it('may not import I/O or format libraries, adapters or the CLI', async () => {
    await expectMessages(
      eslint,
      'src/contexts/assessment/application/probe.ts',
      [
        "import 'csv-parse';",
        "import '../adapters/persistence/kysely-assessment-store.js';",
        "import 'node:child_process';",
        "export const load = () => import('../adapters/files/yaml.js');",
        "import '../domain/scoring.js';",
        "import { program } from 'commander';",
        'export { program };',
        "import '../../../cli/io.js';",
        "export const yaml = () => import('yaml');",
      ],
      [
        [1, IMPORTS, PORTS],
        [2, IMPORTS, 'use cases depend on ports, not adapters'],
        [3, IMPORTS, PORTS],
        [4, SYNTAX, 'use cases depend on ports, not adapters'],
        [6, IMPORTS, PORTS],
        [8, IMPORTS, 'use cases depend on ports, not adapters'],
        [9, SYNTAX, PORTS],
      ],
    );
  });

  it('a clean use case gets no message', async () => {
    await expectMessages(
      eslint,
      'src/contexts/assessment/application/probe.ts',
      [
        "import * as z from 'zod';",
        "import { createHash } from 'node:crypto';",
        "import { basename } from 'node:path';",
        "import type { Principal } from '../../auth/index.js';",
        "import { AppError } from '../../../kernel/app-error.js';",
        "import { score } from '../domain/scoring.js';",
        "import type { AssessmentStore } from './ports.js';",
        'export type Input = { p: Principal; s: AssessmentStore };',
        'export const ok = () => [z, createHash, basename, AppError, score];',
      ],
      [],
    );
  });
});

describe('the libraries of the outside world', () => {
  it.each(LIBRARIES)(
    '%s is refused in domain and application, with its subpaths and through import()',
    async (name) => {
      for (const [layer, text] of [
        ['domain', PURE],
        ['application', PORTS],
      ] as const) {
        await expectMessages(
          eslint,
          `src/contexts/auth/${layer}/probe.ts`,
          [`import '${name}';`, `import '${name}/sub/path.js';`, `export const lazy = () => import('${name}');`],
          [
            [1, IMPORTS, text],
            [2, IMPORTS, text],
            [3, SYNTAX, text],
          ],
        );
      }
    },
  );

  it('the same libraries are fine in adapters', async () => {
    await expectMessages(
      eslint,
      'src/contexts/auth/adapters/persistence/probe.ts',
      LIBRARIES.map((name) => `import '${name}';`),
      [],
    );
  });
});

describe('context boundaries', () => {
  it('another context is reached through its index.ts only', async () => {
    await expectMessages(
      eslint,
      'src/contexts/assessment/application/probe.ts',
      [
        "import '../../reporting/domain/x.js';",
        "import '../../reporting/index.js';",
        "export const r = () => import('../../reporting/domain/report-data.js');",
        "import '../../auth/application/ports.js';",
        "import '../../audit/index.js';",
      ],
      [
        [1, IMPORTS, 'import the reporting context through its index.ts only'],
        [3, SYNTAX, 'import the reporting context through its index.ts only'],
        [4, IMPORTS, 'import the auth context through its index.ts only'],
      ],
    );
  });

  it('hold for adapters and for the files at the root of a context', async () => {
    for (const file of ['src/contexts/auth/adapters/cli/probe.ts', 'src/contexts/auth/module.ts']) {
      const up = file.includes('/adapters/') ? '../../../' : '../';
      await expectMessages(
        eslint,
        file,
        [`import '${up}assessment/domain/catalog.js';`, `import '${up}assessment/index.js';`],
        [[1, IMPORTS, 'import the assessment context through its index.ts only']],
      );
    }
  });

  it('the repository config knows every folder under src/contexts/', async () => {
    const real = new ESLint({ cwd: repo, overrideConfigFile: join(repo, 'eslint.config.js') });
    const contexts = readdirSync(join(repo, 'src', 'contexts'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(contexts.length).toBeGreaterThan(1);
    for (const other of contexts) {
      const from = contexts.find((context) => context !== other)!;
      const [result] = await real.lintText(`import '../../${other}/domain/probe.js';\n`, {
        filePath: join(repo, 'src', 'contexts', from, 'application', 'probe.ts'),
      });
      const messages = result!.messages.map((m) => m.message);
      expect(messages, `${from} importing ${other}'s internals`).toContainEqual(
        expect.stringContaining(`import the ${other} context through its index.ts only`),
      );
    }
  });
});

describe('cli files', () => {
  it('every file under adapters/cli/ may not call console or process.exit', async () => {
    await expectMessages(
      eslint,
      'src/contexts/auth/adapters/cli/y/z.ts',
      ["console.log('hello');", 'process.exit(1);', "process['exit'](2);", 'process.exitCode = 3;'],
      [
        [1, SYNTAX, CONSOLE],
        [2, SYNTAX, EXIT],
        [3, SYNTAX, EXIT],
      ],
    );
  });

  it('so does a cli adapter of a context folder the config has not seen', async () => {
    const messages = await lint(eslint, 'src/contexts/x/adapters/cli/y/z.ts', [
      "console.log('hello');",
      'process.exit(1);',
    ]);
    expect(messages).toEqual(
      expect.arrayContaining([
        { line: 1, rule: SYNTAX, message: expect.stringContaining(CONSOLE) },
        { line: 2, rule: SYNTAX, message: expect.stringContaining(EXIT) },
      ]),
    );
  });

  it('*.cli.ts files anywhere and src/cli/ too', async () => {
    for (const file of ['src/contexts/auth/adapters/auth.cli.ts', 'src/cli/probe.ts', 'src/cli/config/probe.ts']) {
      await expectMessages(
        eslint,
        file,
        ["console.error('x');", 'process.exit(1);'],
        [
          [1, SYNTAX, CONSOLE],
          [2, SYNTAX, EXIT],
        ],
      );
    }
  });

  it('keep the zod namespace rule (the cli rules do not replace it)', async () => {
    for (const file of [
      'src/contexts/auth/adapters/cli/auth.cli.ts',
      'src/contexts/auth/adapters/cli/passwords.ts',
      'src/cli/program.ts',
    ]) {
      await expectMessages(
        eslint,
        file,
        ["import { z } from 'zod';", 'console.log(z);'],
        [
          [1, SYNTAX, ZOD],
          [2, SYNTAX, CONSOLE],
        ],
      );
    }
  });

  it('a clean cli file gets no message', async () => {
    await expectMessages(
      eslint,
      'src/contexts/auth/adapters/cli/probe.ts',
      [
        "import * as z from 'zod';",
        "import { Command } from 'commander';",
        "import { readFile } from 'node:fs/promises';",
        "import type { Principal } from '../../application/ports.js';",
        'export type P = Principal;',
        "export const cmd = () => new Command('x').action(async () => { process.exitCode = 0; return [z, readFile]; });",
      ],
      [],
    );
  });

  it('other code may log: the cli rules stay in cli files', async () => {
    await expectMessages(eslint, 'src/contexts/auth/adapters/persistence/probe.ts', ["console.log('x');"], []);
  });
});

describe('kernel and persistence', () => {
  it('import no CLI and no use cases', async () => {
    await expectMessages(
      eslint,
      'src/kernel/probe.ts',
      [
        "import '../cli/io.js';",
        "import '../contexts/auth/application/ports.js';",
        "import { z } from 'zod';",
        'export { z };',
        "import '../contexts/auth/domain/slug.js';",
      ],
      [
        [1, IMPORTS, 'no CLI or use cases below the adapters'],
        [2, IMPORTS, 'no CLI or use cases below the adapters'],
        [3, SYNTAX, ZOD],
      ],
    );
  });
});

describe('the module list', () => {
  it('a context folder not imported in src/modules.ts fails every file of the folder', async () => {
    for (const file of ['src/contexts/survey/domain/probe.ts', 'src/contexts/survey/adapters/cli/probe.ts']) {
      await expectMessages(
        eslint,
        file,
        ['export const a = 1;'],
        [[1, SYNTAX, 'context folder survey is missing from src/modules.ts']],
      );
    }
  });

  it('a folder with files at its root fails on those', async () => {
    await expectMessages(
      eslint,
      'src/contexts/billing/index.ts',
      ['export const a = 1;'],
      [[1, SYNTAX, 'context folder billing is missing from src/modules.ts']],
    );
    await expectMessages(eslint, 'src/contexts/billing/domain/probe.ts', ['export const a = 1;'], []);
  });

  it('a commented-out import line does not count', async () => {
    for (const context of ['training', 'jobs']) {
      await expectMessages(
        eslint,
        `src/contexts/${context}/domain/probe.ts`,
        ['export const a = 1;'],
        [[1, SYNTAX, `context folder ${context} is missing from src/modules.ts`]],
      );
    }
  });

  it('a file in a folder the config did not see fails too', async () => {
    await expectMessages(
      eslint,
      'src/contexts/x/domain/probe.ts',
      ['export const a = 1;', "import 'pg';"],
      [
        [1, SYNTAX, 'context folder is missing from src/modules.ts'],
        [2, IMPORTS, PURE],
      ],
    );
  });

  it('the listed contexts pass', async () => {
    for (const context of LISTED) {
      await expectMessages(eslint, `src/contexts/${context}/index.ts`, ['export const a = 1;'], []);
      await expectMessages(eslint, `src/contexts/${context}/domain/probe.ts`, ['export const a = 1;'], []);
    }
  });

  it('without src/modules.ts every context folder fails, saying the file does not exist', async () => {
    for (const context of ['auth', 'reporting']) {
      await expectMessages(
        eslintWithoutModules,
        `src/contexts/${context}/application/probe.ts`,
        ['export const a = 1;'],
        [[1, SYNTAX, `context folder ${context} is missing from src/modules.ts (src/modules.ts does not exist)`]],
      );
    }
  });
});
