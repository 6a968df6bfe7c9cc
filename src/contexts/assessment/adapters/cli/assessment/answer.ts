import { defineVerb } from '../../../../../module.js';
import { CLI_ERRORS } from '../../../../../cli/errors.js';
import { formatValue } from './view.js';

export interface AnswerOptions {
  readonly id: string;
  readonly question: string;
  readonly value?: string;
  readonly note?: string;
  readonly clear?: boolean;
}

export default defineVerb<AnswerOptions>({
  flags: (c) => c.option('--note <text>', 'a note on the answer').option('--clear', 'remove the answer'),
  examples: [
    'renfe assessment answer k3m9x2pq A.5.1.Q1 yes --note "Policy v3 approved 2026-03"',
    'renfe assessment answer k3m9x2pq nist-csf-2.0:GV.OC-01.Q1 partial',
    'renfe assessment answer k3m9x2pq A.5.1.Q1 --clear',
  ],
  async run(opts, ctx) {
    const { id, question, value } = opts;
    if (value === undefined && !opts.clear && opts.note === undefined) {
      throw CLI_ERRORS.missingArgument({ problem: 'missing the answer value (or --clear)' });
    }
    const { app, principal } = await ctx.principal();
    let answerValue: unknown = opts.clear ? null : value;
    if (answerValue === undefined) {
      const rows = await app.assessment.questions(principal, id);
      answerValue =
        rows.find((r) => r.question === question || `${r.framework}:${r.question}` === question)?.value ?? null;
      if (answerValue === null) {
        throw CLI_ERRORS.missingArgument({ problem: `${question} has no answer yet: give a value with the note` });
      }
    }
    const result = await app.assessment.answer(principal, {
      assessmentId: id,
      question,
      value: answerValue,
      note: opts.note,
    });
    ctx.data(result, () => '');
    ctx.done(
      result.value === null
        ? `Cleared ${result.framework}:${result.question}.`
        : `${result.framework}:${result.question} = ${formatValue(result.value)}.`,
    );
    for (const ref of result.noLongerAsked) {
      ctx.say(
        `${ref} is no longer asked after this answer: its stored answer is kept but not scored (clear it with \`renfe assessment answer ${id} ${ref} --clear\`).`,
      );
    }
  },
});
