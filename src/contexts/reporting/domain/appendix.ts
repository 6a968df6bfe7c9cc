import type { ReportTemplate, Section } from './template.js';

const APPENDIX: Section = {
  type: 'answers-appendix',
  title: null,
  limit: null,
  answers: true,
  framework: null,
  minSeverity: 'low',
};

/**
 * The appendix of every question, answer, note and evidence (names and
 * SHA-256) is printed only when asked for (`report generate --appendix`): a
 * template's `answers-appendix` section is dropped without it, and added at
 * the end of a template that has none with it. With the appendix, the
 * results by domain list requirements only, so no question is printed twice.
 */
export function withAppendix(template: ReportTemplate, appendix: boolean): ReportTemplate {
  const has = template.sections.some((s) => s.type === 'answers-appendix');
  if (!appendix) {
    return has ? { ...template, sections: template.sections.filter((s) => s.type !== 'answers-appendix') } : template;
  }
  const sections = template.sections.map((s) =>
    s.type === 'domain-tables' && s.answers ? { ...s, answers: false } : s,
  );
  return { ...template, sections: has ? sections : [...sections, APPENDIX] };
}
