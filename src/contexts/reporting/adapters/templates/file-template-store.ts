import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TemplateStore } from '../../application/ports.js';
import { type ReportTemplate, type Section, TemplateInput } from '../../domain/template.js';
import { REPORTING_ERRORS } from '../../errors.js';
import { packageFolder } from '../../../../kernel/package-folder.js';

/** The package's `templates/` folder, from source (tests) or from the bundle. */
export function templatesDir(): string {
  return packageFolder('templates');
}

async function parseTemplate(path: string, shownAs: string): Promise<ReportTemplate> {
  let doc: unknown;
  try {
    doc = (await import('./yaml.js')).parseYaml(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw REPORTING_ERRORS.templateUnreadable({
      file: shownAs,
      problem: code === 'ENOENT' ? 'no such file' : (error as Error).message.split('\n')[0],
    });
  }
  const parsed = TemplateInput.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const place = (issue?.path ?? [])
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    throw REPORTING_ERRORS.templateInvalid({
      file: shownAs,
      place: place || '(document)',
      expected: issue?.message ?? 'a report template',
    });
  }
  const t = parsed.data;
  return {
    id: t.id,
    name: t.name,
    description: t.description ?? null,
    sections: t.sections.map((s): Section =>
      typeof s === 'string'
        ? { type: s, title: null, limit: null, answers: true, framework: null, minSeverity: 'low' }
        : {
            type: s.type,
            title: s.title ?? null,
            limit: s.limit ?? null,
            answers: s.answers ?? true,
            framework: s.framework ?? null,
            minSeverity: s.minSeverity ?? 'low',
          },
    ),
    text: t.text ?? {},
    source: shownAs,
  };
}

export function fileTemplateStore(folder?: string): TemplateStore {
  // Found on first use: commands that never render a report never look for it.
  let found = folder;
  const dirOf = () => (found ??= templatesDir());
  return {
    async list() {
      const dir = dirOf();
      const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
      const templates = await Promise.all(files.map((f) => parseTemplate(join(dir, f), `templates/${f}`)));
      return templates.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        sections: t.sections.map((s) => s.type),
        source: t.source,
      }));
    },
    async load(nameOrPath) {
      const dir = dirOf();
      if (/^[a-z0-9-]+$/.test(nameOrPath) && existsSync(join(dir, `${nameOrPath}.yaml`))) {
        return parseTemplate(join(dir, `${nameOrPath}.yaml`), `templates/${nameOrPath}.yaml`);
      }
      if (existsSync(nameOrPath)) return parseTemplate(nameOrPath, nameOrPath);
      const names = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
      throw REPORTING_ERRORS.templateNotFound({ name: nameOrPath, names: names.join(', ') });
    },
  };
}
