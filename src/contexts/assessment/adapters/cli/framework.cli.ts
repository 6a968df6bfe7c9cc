import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import type { Requirement } from '../../domain/catalog.js';

export function registerFrameworkCommands(program: Command, ctx: CommandContext): void {
  const framework = program.command('framework').description('frameworks and question banks');

  examples(
    framework
      .command('list')
      .description('list the shipped frameworks and those imported into this organisation')
      .option('--lang <lang>', 'language of names (en, es)', 'en')
      .action(async (opts: { lang: string }) => {
        const { app, principal } = await ctx.principal();
        const items = await app.assessment.listFrameworks(principal);
        const { table } = await import('../../../../cli/table.js');
        const { localize } = await import('../../domain/catalog.js');
        ctx.data(items, () =>
          table(
            ['ID', 'VERSION', 'NAME', 'SCOPE', 'REQUIREMENTS', 'QUESTIONS'],
            items.map((f) => [
              f.id,
              f.version,
              localize(f.name, opts.lang, 'en'),
              f.scope,
              f.requirements ?? '',
              f.questions ?? '',
            ]),
          ),
        );
      }),
    ['renfe framework list', 'renfe framework list --json'],
  );

  examples(
    framework
      .command('show <id>')
      .description('show a framework: the requirement tree with ids, titles and questions (id or id@version)')
      .option('--lang <lang>', 'language (en, es)', 'en')
      .option('--no-questions', 'requirements only')
      .action(async (id: string, opts: { lang: string; questions: boolean }) => {
        const { app, principal } = await ctx.principal();
        const catalog = await app.assessment.showFramework(principal, id);
        const { localize } = await import('../../domain/catalog.js');
        const t = (x: Parameters<typeof localize>[0]) => localize(x, opts.lang, catalog.languages[0]);
        const lines: string[] = [`${catalog.id} ${catalog.version}  ${t(catalog.name)}`];
        const walk = (nodes: readonly Requirement[], depth: number) => {
          for (const r of nodes) {
            const pad = '  '.repeat(depth + 1);
            lines.push(
              `${pad}${r.id}  ${t(r.title)}${r.withdrawn ? '  (withdrawn)' : ''}${r.applicability ? `  [${r.applicability.join(', ')}]` : ''}`,
            );
            if (opts.questions) for (const q of r.questions) lines.push(`${pad}  - ${q.id} (${q.type}) ${t(q.text)}`);
            walk(r.children, depth + 1);
          }
        };
        walk(catalog.requirements, 0);
        ctx.data(catalog, () => lines.join('\n'));
      }),
    [
      'renfe framework show nist-csf-2.0',
      'renfe framework show ens-2022 --lang es --no-questions',
      'renfe framework show iso27001-2022 --json',
    ],
  );

  examples(
    framework
      .command('import <file>')
      .description(
        'import a framework or mapping set: renfe YAML/JSON, OSCAL catalog or profile (JSON), CISO Assistant library (YAML), CSV',
      )
      .option(
        '--format <format>',
        'renfe-yaml, renfe-json, oscal-catalog, oscal-profile, ciso-assistant or csv (default: detected)',
      )
      .option('--catalog <file>', 'the OSCAL catalog an OSCAL profile resolves against')
      .option('--id <id>', 'framework id to use (default: from the file)')
      .action(async (file: string, opts: { format?: string; catalog?: string; id?: string }) => {
        const { app, principal } = await ctx.principal();
        const { importMaxBytes } = await import('./import-limit.js');
        const result = await app.assessment.importFramework(principal, {
          path: file,
          format: opts.format,
          catalogPath: opts.catalog,
          id: opts.id,
          maxBytes: await importMaxBytes(ctx),
        });
        const parts = [];
        if (result.framework) {
          parts.push(
            `framework ${result.framework.id} ${result.framework.version} (${result.framework.requirements} requirements, ${result.framework.questions} questions)`,
          );
        }
        for (const m of result.mappingSets) parts.push(`mapping set ${m.id} (${m.mappings} mappings)`);
        for (const w of result.warnings) ctx.warn(w);
        ctx.data(result, () => result.framework?.id ?? result.mappingSets.map((m) => m.id).join('\n'));
        ctx.done(`Imported from ${file} (${result.format}): ${parts.join('; ')}.`);
        if (result.framework && !result.framework.plainId) {
          const f = result.framework;
          ctx.done(
            `${f.id} alone still names the version it named before; use ${f.id}@${f.version}, or make it the default: renfe framework default ${f.id}@${f.version}`,
          );
        }
      }),
    [
      'renfe framework import my-bank.yaml',
      'renfe framework import iso27001-2022.yaml    # CISO Assistant: stored as iso27001-2022@2022+r18',
      'renfe framework import NIST_SP-800-53_rev5_catalog.json',
      'renfe framework import moderate-baseline_profile.json --catalog NIST_SP-800-53_rev5_catalog.json',
      'renfe framework import iso27001-2022.yaml --format ciso-assistant',
      'renfe framework import controls.csv --id acme-controls',
    ],
  );
  examples(
    framework
      .command('default <id@version>')
      .description('make one version what the plain id means in this organisation (the shipped version undoes it)')
      .action(async (ref: string) => {
        const { app, principal } = await ctx.principal();
        const result = await app.assessment.setFrameworkDefault(principal, ref);
        ctx.data(result, () => `${result.id}@${result.version}`);
        ctx.done(
          result.shipped
            ? `${result.id} means the shipped ${result.id}@${result.version} again.`
            : `${result.id} now means ${result.id}@${result.version} in this organisation.`,
        );
      }),
    ['renfe framework default iso27001-2022@2022+r18', 'renfe framework default iso27001-2022@2022'],
  );
}
