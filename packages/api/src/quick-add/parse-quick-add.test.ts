// The quick-add parser, table-driven: each line with a fixed "now" and time zone, and what the
// draft must hold. Expected due times are written as the wall clock in that zone (read back with
// Intl, not with the parser's own zone code), plus the exact instant around clock changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeRecurrence } from '../contract/recurrence-text';
import { taskCreateInput } from '../tasks/task-schemas';
import { parseQuickAdd, parseRecurrenceRule, quickAddTaskInput, type QuickAddDraft } from './index';

interface Expected {
  title: string;
  /** `YYYY-MM-DD` (a day, no time) or `YYYY-MM-DD HH:mm` in the group's zone; absent: none. */
  due?: string;
  /** The exact instant, where a clock change makes the wall time alone ambiguous. */
  at?: string;
  priority?: QuickAddDraft['priority'];
  tags?: string[];
  list?: string;
  /** How the task repeats, as `describeRecurrence` reads the draft's rule; absent: a one-off. */
  repeat?: string;
  /** The recognised texts, in line order; by default checked to be the line minus the title. */
  spans?: string[];
}

type Case = readonly [line: string, expected: Expected];

interface Group {
  name: string;
  now: string;
  timeZone: string;
  cases: readonly Case[];
}

const GROUPS: readonly Group[] = [
  {
    name: 'New York, Friday 6 March 2026 10:00 EST (clocks go forward on Sunday 8 March)',
    now: '2026-03-06T15:00:00Z',
    timeZone: 'America/New_York',
    cases: [
      // The examples.
      [
        'Pay rent on the 1st at 9am #home !high ^Finance',
        {
          title: 'Pay rent',
          due: '2026-04-01 09:00',
          at: '2026-04-01T13:00:00.000Z',
          priority: 'high',
          tags: ['home'],
          list: 'Finance',
          spans: ['on the 1st at 9am', '#home', '!high', '^Finance'],
        },
      ],
      [
        'call Ana tomorrow 5pm',
        { title: 'call Ana', due: '2026-03-07 17:00', at: '2026-03-07T22:00:00.000Z' },
      ],
      ['next friday', { title: '', due: '2026-03-13' }],
      ['in 3 days', { title: '', due: '2026-03-09', at: '2026-03-10T03:59:59.999Z' }],
      // Nothing recognised: the line is the title, spacing and all.
      ['Buy milk', { title: 'Buy milk' }],
      ['Call mom  twice,  then   rest', { title: 'Call mom  twice,  then   rest' }],
      ['  padded line  ', { title: 'padded line' }],
      // Ambiguous words stay in the title.
      ['Buy may flowers', { title: 'Buy may flowers' }],
      ['March on', { title: 'March on' }],
      ['Sign up in May', { title: 'Sign up in May' }],
      ['Read 1984', { title: 'Read 1984' }],
      ['2027 budget', { title: '2027 budget' }],
      ['Finish the 2nd chapter', { title: 'Finish the 2nd chapter' }],
      ['Buy 2 apples', { title: 'Buy 2 apples' }],
      ['Call 555-1234', { title: 'Call 555-1234' }],
      ['Plan next month', { title: 'Plan next month' }],
      ['Feb 29 party', { title: 'Feb 29 party' }],
      // Days.
      ['today', { title: '', due: '2026-03-06' }],
      ['tomorrow', { title: '', due: '2026-03-07' }],
      ['yesterday', { title: '', due: '2026-03-05' }],
      ['dinner tonight', { title: 'dinner', due: '2026-03-06' }],
      ['call Ana on Friday', { title: 'call Ana', due: '2026-03-06' }],
      ['Pay rent by Friday', { title: 'Pay rent', due: '2026-03-06' }],
      ['Submit report due tomorrow', { title: 'Submit report', due: '2026-03-07' }],
      ['Mow the lawn sat', { title: 'Mow the lawn', due: '2026-03-07' }],
      ['next week', { title: '', due: '2026-03-13' }],
      // Repeating tasks: the first due date is the rule's first occurrence from today, never
      // before now, at the time named (or the end of the day).
      [
        'Standup every weekday at 9',
        {
          title: 'Standup',
          due: '2026-03-09 09:00',
          at: '2026-03-09T13:00:00.000Z', // Monday, daylight saving time begun
          repeat: 'Repeats every weekday',
          spans: ['every weekday', 'at 9'],
        },
      ],
      [
        'Standup every weekday at 11am',
        { title: 'Standup', due: '2026-03-06 11:00', repeat: 'Repeats every weekday' },
      ],
      ['every day', { title: '', due: '2026-03-06', repeat: 'Repeats every day' }],
      [
        'every day at 9am',
        {
          title: '',
          due: '2026-03-07 09:00',
          at: '2026-03-07T14:00:00.000Z',
          repeat: 'Repeats every day',
        },
      ],
      [
        'Water plants daily #home',
        { title: 'Water plants', due: '2026-03-06', tags: ['home'], repeat: 'Repeats every day' },
      ],
      ['Weekly report', { title: 'Weekly report' }],
      ['Write weekly report', { title: 'Write weekly report' }],
      [
        'Send invoices monthly',
        { title: 'Send invoices', due: '2026-03-06', repeat: 'Repeats every month' },
      ],
      [
        'Pay rent every month on the 1st at 9am #home',
        {
          title: 'Pay rent',
          due: '2026-04-01 09:00',
          at: '2026-04-01T13:00:00.000Z',
          tags: ['home'],
          repeat: 'Repeats every month on the 1st',
          spans: ['every month on the 1st', 'at 9am', '#home'],
        },
      ],
      [
        'Team sync every 2 weeks on mon, thu at 10am',
        {
          title: 'Team sync',
          due: '2026-03-09 10:00',
          repeat: 'Repeats every 2 weeks on Mon, Thu',
          spans: ['every 2 weeks on mon, thu', 'at 10am'],
        },
      ],
      ['every monday', { title: '', due: '2026-03-09', repeat: 'Repeats every Monday' }],
      ['every friday', { title: '', due: '2026-03-06', repeat: 'Repeats every Friday' }],
      [
        'every friday at 9am',
        { title: '', due: '2026-03-13 09:00', repeat: 'Repeats every Friday' },
      ],
      [
        'Call mom every sunday at 9am',
        {
          title: 'Call mom',
          due: '2026-03-08 09:00',
          at: '2026-03-08T13:00:00.000Z', // the day the clocks go forward
          repeat: 'Repeats every Sunday',
        },
      ],
      [
        'Gym every mon and thu at 7pm',
        { title: 'Gym', due: '2026-03-09 19:00', repeat: 'Repeats every week on Mon, Thu' },
      ],
      [
        'Gym every tue & fri',
        { title: 'Gym', due: '2026-03-06', repeat: 'Repeats every week on Tue, Fri' },
      ],
      ['every other week', { title: '', due: '2026-03-06', repeat: 'Repeats every 2 weeks' }],
      [
        'every other monday',
        { title: '', due: '2026-03-09', repeat: 'Repeats every 2 weeks on Mon' },
      ],
      ['every 3 days', { title: '', due: '2026-03-06', repeat: 'Repeats every 3 days' }],
      ['every weekend', { title: '', due: '2026-03-07', repeat: 'Repeats every week on Sat, Sun' }],
      ['every year', { title: '', due: '2026-03-06', repeat: 'Repeats every year' }],
      [
        'every last day of the month',
        { title: '', due: '2026-03-31', repeat: 'Repeats every month on the last day' },
      ],
      [
        'every month on the last day at 6pm',
        {
          title: '',
          due: '2026-03-31 18:00',
          at: '2026-03-31T22:00:00.000Z',
          repeat: 'Repeats every month on the last day',
        },
      ],
      [
        'every 15th of the month',
        { title: '', due: '2026-03-15', repeat: 'Repeats every month on the 15th' },
      ],
      ['Read every book', { title: 'Read every book' }],
      ['in 2 weeks', { title: '', due: '2026-03-20' }],
      ["Mother's day May 10", { title: "Mother's day", due: '2026-05-10' }],
      ['Meeting 10/12', { title: 'Meeting', due: '2026-10-12' }],
      ['on the 31st', { title: '', due: '2026-03-31' }],
      ['Water plants on the 5th', { title: 'Water plants', due: '2026-04-05' }],
      ['Water plants on the 6th', { title: 'Water plants', due: '2026-03-06' }],
      ['Jan 1', { title: '', due: '2027-01-01' }],
      // Times.
      ['Meet Bob at 5pm', { title: 'Meet Bob', due: '2026-03-06 17:00' }],
      ['noon walk', { title: 'walk', due: '2026-03-06 12:00' }],
      // 9am has passed today: the next 9am.
      ['9am', { title: '', due: '2026-03-07 09:00' }],
      // A bare "at 5" is read as 5 in the morning, so tomorrow's (shown as a chip to check).
      ['Meet at 5', { title: 'Meet', due: '2026-03-07 05:00' }],
      ['in 3 hours', { title: '', due: '2026-03-06 13:00', at: '2026-03-06T18:00:00.000Z' }],
      ['in 90 minutes', { title: '', due: '2026-03-06 11:30' }],
      ['now', { title: '', due: '2026-03-06 10:00', at: '2026-03-06T15:00:00.000Z' }],
      ['5pm UTC', { title: '', due: '2026-03-06 12:00', at: '2026-03-06T17:00:00.000Z' }],
      ['Lunch with Jo on Mar 31 at noon', { title: 'Lunch with Jo', due: '2026-03-31 12:00' }],
      ['Taxes April 15th 5pm', { title: 'Taxes', due: '2026-04-15 17:00' }],
      ['Report due tomorrow 9am', { title: 'Report', due: '2026-03-07 09:00' }],
      // Across the change to daylight saving: the offset of the due day, not of now.
      [
        'Monday 9am standup',
        { title: 'standup', due: '2026-03-09 09:00', at: '2026-03-09T13:00:00.000Z' },
      ],
      [
        'Dentist March 8 1:30am',
        { title: 'Dentist', due: '2026-03-08 01:30', at: '2026-03-08T06:30:00.000Z' },
      ],
      // 2:30 does not exist that night; it moves forward by the skipped hour.
      [
        'Dentist March 8 2:30am',
        { title: 'Dentist', due: '2026-03-08 03:30', at: '2026-03-08T07:30:00.000Z' },
      ],
      ['in 2 days at 8am', { title: '', due: '2026-03-08 08:00', at: '2026-03-08T12:00:00.000Z' }],
      // Tags, priority, list.
      ['Fix sink #home #Home #diy', { title: 'Fix sink', tags: ['home', 'diy'] }],
      ['C# notes for issue #2 and #', { title: 'C# notes for issue #2 and #' }],
      ['read !low', { title: 'read', priority: 'low' }],
      ['!HIGH fix !low', { title: 'fix !low', priority: 'high' }],
      ['!urgent call Hi!', { title: '!urgent call Hi!' }],
      [
        'Plan trip ^"Summer holidays" #fun',
        { title: 'Plan trip', list: 'Summer holidays', tags: ['fun'] },
      ],
      ['Plan trip ^“Smart quotes”', { title: 'Plan trip', list: 'Smart quotes' }],
      ['Plan ^"unclosed trip', { title: 'Plan ^"unclosed trip' }],
      ['^Work ^Home email', { title: '^Home email', list: 'Work' }],
      ['^ alone', { title: '^ alone' }],
      ['#friday ^Tomorrow', { title: '', tags: ['friday'], list: 'Tomorrow' }],
      ['!medium', { title: '', priority: 'medium' }],
      // Marked words split date words: "tomorrow" is taken, "5pm" after the tag stays.
      ['Call tomorrow #work 5pm', { title: 'Call 5pm', due: '2026-03-07', tags: ['work'] }],
      // Non-ASCII text.
      ['Café avec Zoë tomorrow 8am', { title: 'Café avec Zoë', due: '2026-03-07 08:00' }],
      ['Café avec Zoë demain', { title: 'Café avec Zoë demain' }],
      ['会议 tomorrow 3pm #工作', { title: '会议', due: '2026-03-07 15:00', tags: ['工作'] }],
      ['🎉 party sat 8pm 🎂', { title: '🎉 party 🎂', due: '2026-03-07 20:00' }],
      ['Ünïcödé ^Français #Ελληνικά', { title: 'Ünïcödé', list: 'Français', tags: ['ελληνικά'] }],
      ['Emoji tag #🎉 stays', { title: 'Emoji tag #🎉 stays' }],
      ['Straße fegen nächste Woche', { title: 'Straße fegen nächste Woche' }],
    ],
  },
  {
    name: 'New York, Friday 30 October 2026 10:00 EDT (clocks go back on Sunday 1 November)',
    now: '2026-10-30T14:00:00Z',
    timeZone: 'America/New_York',
    cases: [
      ['tomorrow 9am', { title: '', due: '2026-10-31 09:00', at: '2026-10-31T13:00:00.000Z' }],
      [
        'Halloween party Oct 31 8pm',
        { title: 'Halloween party', due: '2026-10-31 20:00', at: '2026-11-01T00:00:00.000Z' },
      ],
      ['on the 31st', { title: '', due: '2026-10-31' }],
      ['Sunday 9am', { title: '', due: '2026-11-01 09:00', at: '2026-11-01T14:00:00.000Z' }],
      // 1:30 happens twice that night: the first one (still EDT).
      ['Sunday 1:30am', { title: '', due: '2026-11-01 01:30', at: '2026-11-01T05:30:00.000Z' }],
      ['in 2 days', { title: '', due: '2026-11-01', at: '2026-11-02T04:59:59.999Z' }],
      [
        'Rent on the 1st at 9am',
        { title: 'Rent', due: '2026-11-01 09:00', at: '2026-11-01T14:00:00.000Z' },
      ],
      ['in 3 hours', { title: '', due: '2026-10-30 13:00', at: '2026-10-30T17:00:00.000Z' }],
    ],
  },
  {
    name: 'Berlin, Saturday 28 March 2026 23:30 CET (clocks go forward at 2:00 on Sunday)',
    now: '2026-03-28T22:30:00Z',
    timeZone: 'Europe/Berlin',
    cases: [
      ['today', { title: '', due: '2026-03-28', at: '2026-03-28T22:59:59.999Z' }],
      ['tomorrow', { title: '', due: '2026-03-29', at: '2026-03-29T21:59:59.999Z' }],
      ['tomorrow 9am', { title: '', due: '2026-03-29 09:00', at: '2026-03-29T07:00:00.000Z' }],
      ['tomorrow 2:30am', { title: '', due: '2026-03-29 03:30', at: '2026-03-29T01:30:00.000Z' }],
      // Three real hours, across the skipped one.
      ['in 3 hours', { title: '', due: '2026-03-29 03:30', at: '2026-03-29T01:30:00.000Z' }],
      ['Monday 8:00', { title: '', due: '2026-03-30 08:00', at: '2026-03-30T06:00:00.000Z' }],
    ],
  },
  {
    name: 'Berlin, Saturday 24 October 2026 12:00 CEST (clocks go back at 3:00 on Sunday)',
    now: '2026-10-24T10:00:00Z',
    timeZone: 'Europe/Berlin',
    cases: [
      ['tomorrow 2:30', { title: '', due: '2026-10-25 02:30', at: '2026-10-25T00:30:00.000Z' }],
      ['tomorrow noon', { title: '', due: '2026-10-25 12:00', at: '2026-10-25T11:00:00.000Z' }],
      ['in 24 hours', { title: '', due: '2026-10-25 11:00', at: '2026-10-25T10:00:00.000Z' }],
    ],
  },
  {
    name: 'Los Angeles, Thursday 31 December 2026 12:00 PST (end of the year)',
    now: '2026-12-31T20:00:00Z',
    timeZone: 'America/Los_Angeles',
    cases: [
      ['tomorrow', { title: '', due: '2027-01-01' }],
      ['Dec 31', { title: '', due: '2026-12-31' }],
      ['Jan 1', { title: '', due: '2027-01-01' }],
      ['next monday', { title: '', due: '2027-01-04' }],
      ['on the 15th', { title: '', due: '2027-01-15' }],
      ['Fireworks today 11:30pm', { title: 'Fireworks', due: '2026-12-31 23:30' }],
      ['in 2 days', { title: '', due: '2027-01-02' }],
    ],
  },
  {
    name: 'Tokyo, Friday 1 January 2027 01:00 JST (still 31 December in UTC)',
    now: '2026-12-31T16:00:00Z',
    timeZone: 'Asia/Tokyo',
    cases: [
      ['today', { title: '', due: '2027-01-01', at: '2027-01-01T14:59:59.999Z' }],
      ['tomorrow 9am', { title: '', due: '2027-01-02 09:00', at: '2027-01-02T00:00:00.000Z' }],
      [
        'every day at 9am',
        {
          title: '',
          due: '2027-01-01 09:00',
          at: '2027-01-01T00:00:00.000Z',
          repeat: 'Repeats every day',
        },
      ],
    ],
  },
  {
    name: 'New York, Saturday 31 January 2026 10:00 EST (end of a month)',
    now: '2026-01-31T15:00:00Z',
    timeZone: 'America/New_York',
    cases: [
      ['tomorrow', { title: '', due: '2026-02-01' }],
      ['on the 31st', { title: '', due: '2026-01-31' }],
      // February 2026 has no 30th: the next month that has one.
      ['on the 30th', { title: '', due: '2026-03-30' }],
      ['in 1 week', { title: '', due: '2026-02-07' }],
      [
        'every month on the 31st',
        { title: '', due: '2026-01-31', repeat: 'Repeats every month on the 31st' },
      ],
      // February 2026 has no 30th: the series starts in March.
      [
        'every month on the 30th',
        { title: '', due: '2026-03-30', repeat: 'Repeats every month on the 30th' },
      ],
      [
        'every last day of the month at 9am',
        { title: '', due: '2026-02-28 09:00', repeat: 'Repeats every month on the last day' },
      ],
      ['every weekday', { title: '', due: '2026-02-02', repeat: 'Repeats every weekday' }],
      ['every month', { title: '', due: '2026-01-31', repeat: 'Repeats every month' }],
    ],
  },
];

const CASE_COUNT = GROUPS.reduce((count, group) => count + group.cases.length, 0);

/** `YYYY-MM-DD HH:mm:ss.SSS` of an instant in a zone, by Intl alone. */
function wallClock(instant: Date, timeZone: string): string {
  const text = instant.toLocaleString('sv-SE', { timeZone, hour12: false });
  const millis = String(instant.getUTCMilliseconds()).padStart(3, '0');
  return `${text}.${millis}`;
}

function expectDraft(draft: QuickAddDraft, [line, expected]: Case, zone: string): void {
  expect(draft.title).toBe(expected.title);
  if (expected.due === undefined) {
    expect(draft.dueAt).toBeNull();
    expect(draft.dueHasTime).toBe(false);
  } else {
    expect(draft.dueAt).not.toBeNull();
    const hasTime = expected.due.includes(' ');
    expect(draft.dueHasTime).toBe(hasTime);
    const wall = draft.dueAt === null ? '' : wallClock(draft.dueAt, zone);
    expect(wall).toBe(hasTime ? `${expected.due}:00.000` : `${expected.due} 23:59:59.999`);
  }
  if (expected.at !== undefined) expect(draft.dueAt?.toISOString()).toBe(expected.at);
  expect(draft.priority).toBe(expected.priority ?? null);
  expect(draft.tags).toEqual(expected.tags ?? []);
  expect(draft.listName).toBe(expected.list ?? null);
  expect(draft.recurrence === null ? null : describeRecurrence(draft.recurrence)).toBe(
    expected.repeat ?? null,
  );
  for (const span of draft.spans) expect(line.slice(span.start, span.end)).toBe(span.text);
  if (expected.spans !== undefined)
    expect(draft.spans.map((span) => span.text)).toEqual(expected.spans);
  // What the chips show is what the draft holds.
  const due = draft.spans.find((span) => span.kind === 'due');
  const repeat = draft.spans.find((span) => span.kind === 'recurrence');
  // A rule with no date or time named still gives the task its first occurrence as due date.
  if (repeat === undefined || due !== undefined) expect(due?.dueAt ?? null).toEqual(draft.dueAt);
  expect(repeat?.recurrence ?? null).toEqual(draft.recurrence);
  expect(draft.spans.filter((span) => span.kind === 'tag').map((span) => span.tag)).toEqual(
    expect.arrayContaining(draft.tags),
  );
}

// The machine's own zone (the browser's, the CLI's) must not change any answer: the parser works
// in the person's zone. Node applies a new TZ to Date at once.
const MACHINE_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];

describe('parseQuickAdd', () => {
  it(`has at least 60 phrases (${CASE_COUNT})`, () => {
    expect(CASE_COUNT).toBeGreaterThanOrEqual(60);
  });

  for (const machineZone of MACHINE_ZONES) {
    describe(`on a machine set to ${machineZone}`, () => {
      const previous = process.env.TZ;
      beforeAll(() => {
        process.env.TZ = machineZone;
      });
      afterAll(() => {
        if (previous === undefined) delete process.env.TZ;
        else process.env.TZ = previous;
      });

      it('runs in that zone', () => {
        const offset = new Date('2026-07-01T00:00:00Z').getTimezoneOffset();
        expect(offset).toBe(
          { UTC: 0, 'Europe/Berlin': -120, 'America/New_York': 240 }[machineZone] ?? -330,
        );
      });

      for (const group of GROUPS) {
        describe(group.name, () => {
          it.each(group.cases)('%s', (line, expected) => {
            const draft = parseQuickAdd(line, {
              now: new Date(group.now),
              timeZone: group.timeZone,
            });
            expectDraft(draft, [line, expected], group.timeZone);
          });
        });
      }
    });
  }
});

describe('parts kept as text', () => {
  const options = { now: new Date('2026-03-06T15:00:00Z'), timeZone: 'America/New_York' };
  const line = 'Pay rent tomorrow 9am #home #bills !high ^Finance';

  it('keeps a removed due date, priority or list in the title, and still reads the rest', () => {
    const noDue = parseQuickAdd(line, { ...options, keep: { due: true } });
    expect(noDue).toMatchObject({ title: 'Pay rent tomorrow 9am', dueAt: null, priority: 'high' });
    const noPriority = parseQuickAdd(line, { ...options, keep: { priority: true } });
    expect(noPriority).toMatchObject({
      title: 'Pay rent !high',
      priority: null,
      listName: 'Finance',
    });
    const noList = parseQuickAdd(line, { ...options, keep: { list: true } });
    expect(noList).toMatchObject({
      title: 'Pay rent ^Finance',
      listName: null,
      tags: ['home', 'bills'],
    });
  });

  it('keeps one removed tag and reads the others', () => {
    const draft = parseQuickAdd(line, { ...options, keep: { tags: ['home'] } });
    expect(draft.title).toBe('Pay rent #home');
    expect(draft.tags).toEqual(['bills']);
    expect(draft.spans.map((span) => span.kind)).toEqual(['due', 'tag', 'priority', 'list']);
  });

  it('keeps the whole line when asked to keep it literal', () => {
    expect(parseQuickAdd(` ${line} `, { ...options, keep: { literal: true } })).toEqual({
      title: line,
      dueAt: null,
      dueHasTime: false,
      priority: null,
      tags: [],
      listName: null,
      recurrence: null,
      spans: [],
    });
  });

  it('takes a rule given as an option over one in the line, which stays in the title', () => {
    const rule = parseRecurrenceRule('2 weeks on mon,thu');
    expect(rule).toEqual({ freq: 'weekly', interval: 2, byWeekday: ['MO', 'TH'] });
    if (rule === null) return;
    const draft = parseQuickAdd('Team sync every day at 10am', { ...options, repeat: rule });
    expect(draft).toMatchObject({
      title: 'Team sync every day',
      recurrence: rule,
      dueAt: new Date('2026-03-09T14:00:00Z'), // Monday 10:00 EDT
    });
  });

  it.each([
    ['weekday', { freq: 'weekly', interval: 1, byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] }],
    ['every month', { freq: 'monthly', interval: 1 }],
    ['daily', { freq: 'daily', interval: 1 }],
    ['month on the last day', { freq: 'monthly', interval: 1, byMonthDay: [-1] }],
    [' 3 days ', { freq: 'daily', interval: 3 }],
    ['fortnight', null],
    ['weekday at 9', null],
    ['', null],
  ])('reads the rule %j on its own', (text, rule) => {
    expect(parseRecurrenceRule(text)).toEqual(rule);
  });

  it('keeps a removed rule in the title, and its words name no due date', () => {
    const repeating = 'Standup every monday at 9 #work';
    expect(parseQuickAdd(repeating, options)).toMatchObject({
      title: 'Standup',
      dueAt: new Date('2026-03-09T13:00:00Z'),
      recurrence: { freq: 'weekly', interval: 1, byWeekday: ['MO'] },
    });
    const kept = parseQuickAdd(repeating, { ...options, keep: { recurrence: true } });
    expect(kept).toMatchObject({
      title: 'Standup every monday',
      recurrence: null,
      // "at 9" alone: 9:00 tomorrow, as without a rule; "monday" is not read as the due day.
      dueAt: new Date('2026-03-07T14:00:00Z'),
      tags: ['work'],
    });
    expect(kept.spans.map((span) => span.kind)).toEqual(['due', 'tag']);
  });

  it('takes at most 20 tags; the rest stay in the title', () => {
    const tags = Array.from({ length: 22 }, (_, index) => `#t${String(index)}`);
    const draft = parseQuickAdd(`Sort ${tags.join(' ')}`, options);
    expect(draft.tags).toHaveLength(20);
    expect(draft.title).toBe('Sort #t20 #t21');
  });

  it('leaves a tag longer than a tag may be, or a list name longer than 100, in the title', () => {
    const longTag = `#${'a'.repeat(33)}`;
    const longList = `^${'b'.repeat(101)}`;
    expect(parseQuickAdd(`x ${longTag} ${longList}`, options).title).toBe(
      `x ${longTag} ${longList}`,
    );
  });
});

describe('quickAddTaskInput', () => {
  const options = { now: new Date('2026-03-06T15:00:00Z'), timeZone: 'America/New_York' };

  it('is the tasks.create input of exactly what the draft shows', () => {
    const draft = parseQuickAdd('Pay rent on the 1st at 9am #home !high ^Finance', options);
    const input = quickAddTaskInput(draft);
    expect(input).toEqual({
      title: 'Pay rent',
      dueAt: new Date('2026-04-01T13:00:00.000Z'),
      recurrence: null,
      tags: ['home'],
      priority: 'high',
    });
    expect(taskCreateInput.parse(input)).toMatchObject(input);
  });

  it('sends the rule the chip showed, with its first occurrence as the due time', () => {
    const draft = parseQuickAdd('Team sync every 2 weeks on mon, thu at 10am', options);
    const input = quickAddTaskInput(draft);
    expect(input).toEqual({
      title: 'Team sync',
      dueAt: new Date('2026-03-09T14:00:00.000Z'),
      recurrence: { freq: 'weekly', interval: 2, byWeekday: ['MO', 'TH'] },
      tags: [],
    });
    expect(taskCreateInput.parse(input)).toMatchObject(input);
  });

  it('puts the task in the list the caller found or made for the draft', () => {
    const listId = '0b4a3c9e-2f0d-4c59-9a57-8e8d1f0f6b11';
    const draft = parseQuickAdd('File taxes ^Finance', options);
    expect(draft.listName).toBe('Finance');
    const input = quickAddTaskInput(draft, { listId });
    expect(input).toEqual({ title: 'File taxes', dueAt: null, recurrence: null, tags: [], listId });
    expect(taskCreateInput.parse(input).listId).toBe(listId);
  });

  it('leaves the priority to the default when none was named', () => {
    const input = quickAddTaskInput(parseQuickAdd('Buy milk tomorrow', options));
    expect(input).not.toHaveProperty('priority');
    expect(taskCreateInput.parse(input).priority).toBe('medium');
  });
});
