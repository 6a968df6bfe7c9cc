import { describe, expect, it } from 'vitest';
import { surveyInvitationMessage, trainingReminderMessage } from '../../../src/contexts/jobs/domain/mail.js';
import {
  dueSlot,
  isScheduleQueue,
  policyQueueOfKind,
  scheduleNameOf,
  scheduleQueueName,
} from '../../../src/contexts/jobs/domain/schedule.js';

const at = (iso: string) => new Date(iso);

describe('when a schedule fires (pg-boss rule)', () => {
  it('fires its latest slot within the minute after it, once', () => {
    const slot = at('2026-03-02T07:00:00Z');
    expect(dueSlot(slot, at('2026-03-02T07:00:00.001Z'), null)).toEqual(slot);
    expect(dueSlot(slot, at('2026-03-02T07:00:59.999Z'), null)).toEqual(slot);
    expect(dueSlot(slot, at('2026-03-02T07:01:00Z'), null)).toBeNull(); // missed: not made up
    expect(dueSlot(slot, at('2026-03-02T07:00:30Z'), slot)).toBeNull(); // already fired
    expect(dueSlot(slot, at('2026-03-02T07:00:30Z'), at('2026-03-01T07:00:00Z'))).toEqual(slot);
  });

  it('names a schedule queue per organisation, and maps kinds to their queues', () => {
    const q = scheduleQueueName('0b0c-org', 'daily-reminders');
    expect(q).toBe('schedule.0b0c-org.daily-reminders');
    expect(isScheduleQueue(q)).toBe(true);
    expect(isScheduleQueue('email')).toBe(false);
    expect(scheduleNameOf(q)).toBe('daily-reminders');
    expect(policyQueueOfKind('training-reminders')).toBe('email');
    expect(policyQueueOfKind('report.batch')).toBe('reports');
  });
});

describe('invitation and reminder messages', () => {
  it('a survey invitation carries its token in both parts, in English or Spanish', () => {
    const token = 'rnf_svy_abcdefghijklmnopqrstuvwxyz012345';
    const base = {
      to: 'bea@client.test',
      organisation: 'Acme <Audits>',
      title: 'Culture',
      token,
      expiresOn: '2026-04-01',
    };
    const en = surveyInvitationMessage({ ...base, language: 'en' });
    expect(en.subject).toBe('Survey: Culture');
    expect(en.to).toEqual(['bea@client.test']);
    expect(en.text).toContain(`renfe survey take ${token}`);
    expect(en.html).toContain(token);
    expect(en.html).toContain('Acme &#60;Audits&#62;');
    const es = surveyInvitationMessage({ ...base, language: 'es' });
    expect(es.subject).toBe('Encuesta: Culture');
    expect(es.text).toContain('válido una sola vez hasta el 2026-04-01');
  });

  it('a reminder lists overdue courses first, then those due soon', () => {
    const courses = [
      { course: 'gdpr', title: 'GDPR', due: '2026-03-05', overdue: false },
      { course: 'phishing', title: 'Phishing', due: '2026-01-01', overdue: true },
    ];
    const en = trainingReminderMessage({
      to: 'bob@acme.test',
      language: 'en',
      organisation: 'Acme',
      name: 'Bob',
      courses,
    });
    expect(en.subject).toBe('Overdue training: 1 course(s)');
    expect(en.text.indexOf('Phishing')).toBeLessThan(en.text.indexOf('GDPR'));
    expect(en.text).toContain('Training due soon:\n- GDPR (gdpr), due 2026-03-05');
    const soon = trainingReminderMessage({
      to: 'bob@acme.test',
      language: 'es',
      organisation: 'Acme',
      name: null,
      courses: [courses[0]!],
    });
    expect(soon.subject).toBe('Formación pendiente: 1 curso(s)');
    expect(soon.text.startsWith('Hola:')).toBe(true);
  });
});
