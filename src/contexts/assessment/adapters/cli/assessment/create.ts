import { defineVerb } from '../../../../../module.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export interface CreateOptions {
  readonly subject: string;
  readonly framework: string[];
  readonly domain?: string[];
  readonly level?: string;
  readonly dimensions?: string;
  readonly scope?: string;
  readonly targetLevel: string;
}

export default defineVerb<CreateOptions>({
  flags: (c) =>
    c
      .requiredOption('--subject <name>', 'who or what is assessed: the client, site or system')
      .requiredOption('--framework <id>', 'framework id or id@version (repeatable)', collect)
      .option('--domain <id>', 'assess only this top-level domain (repeatable)', collect)
      .option('--level <level>', 'applicability level, e.g. an ENS category: basica, media, alta')
      .option(
        '--dimensions <levels>',
        'the system level of each security dimension, e.g. C=media,I=alta,T=basica,A=basica,D=na (ENS); gives the category',
      )
      .option('--scope <text>', 'a description of the scope')
      .option('--target-level <n>', 'target maturity level 0-5', '3'),
  examples: [
    'renfe assessment create --subject "Hospital Central" --framework iso27001-2022',
    'renfe assessment create --subject "Ayuntamiento" --framework ens-2022 --level media --json',
    'renfe assessment create --subject "Sede electrónica" --framework ens-2022 --dimensions C=media,I=alta,T=media,A=media,D=basica',
    'renfe assessment create --subject "ACME SaaS" --framework nist-csf-2.0 --framework iso27001-2022 --domain GV --target-level 4',
  ],
  async run(opts, ctx) {
    const targetLevel = Number(opts.targetLevel);
    if (!Number.isFinite(targetLevel)) {
      throw KERNEL_ERRORS.invalidInput({
        problem: `--target-level must be a number from 0 to 5, got "${opts.targetLevel}"`,
      });
    }
    const dimensions = opts.dimensions === undefined ? undefined : parseDimensions(opts.dimensions);
    const { app, principal } = await ctx.principal();
    const created = await app.assessment.create(principal, {
      subject: opts.subject,
      frameworks: opts.framework,
      targetLevel,
      ...(opts.domain ? { domains: opts.domain } : {}),
      ...(opts.level ? { level: opts.level } : {}),
      ...(dimensions ? { dimensions } : {}),
      ...(opts.scope ? { description: opts.scope } : {}),
    });
    ctx.data(created, () => created.id);
    ctx.done(
      `Created assessment ${created.id} of ${created.subject} against ${created.frameworks.map((f) => `${f.id} ${f.version}`).join(', ')}.`,
    );
  },
});

/** `C=media,I=alta` → { C: 'media', I: 'alta' }; each dimension once. */
function parseDimensions(text: string): Record<string, string> {
  const levels: Record<string, string> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(part);
    if (!m || (m[1] as string) in levels) {
      throw KERNEL_ERRORS.invalidInput({
        problem: `--dimensions: expected DIMENSION=LEVEL pairs, each dimension once, separated by commas (e.g. C=media,D=alta), not "${part.trim()}"`,
      });
    }
    levels[m[1] as string] = m[2] as string;
  }
  return levels;
}
