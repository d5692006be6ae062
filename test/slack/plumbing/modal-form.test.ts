// Reading a modal through its inputs' schemas: values out, or a sentence beside each input that is wrong.
import { describe, expect, it } from 'vitest';
import { element, input, readForm, required } from '../../../src/slack/plumbing/modal-form.js';

const Form = {
  team: input('team_block', 'team', required(element.choiceId, 'Pick a team.')),
  from: input('from_block', 'from', required(element.date, 'Pick the first day.')),
  note: input('note_block', 'note', element.text),
  days: input('days_block', 'days', element.choices),
  people: input('people_block', 'people', element.users),
  /** Static or external select: whichever element the block holds. */
  config: input('config_block', undefined, element.choice),
};
const unreadable = 'Otto could not read this form.';

describe('readForm', () => {
  it('reads every input as a plain value', () => {
    const read = readForm(
      Form,
      {
        team_block: { team: { type: 'static_select', selected_option: { value: '12' } } },
        from_block: { from: { type: 'datepicker', selected_date: '2026-11-20' } },
        note_block: { note: { type: 'plain_text_input', value: 'back door' } },
        days_block: { days: { type: 'checkboxes', selected_options: [{ value: '1' }, { value: '3' }] } },
        people_block: { people: { type: 'multi_users_select', selected_users: ['U1', 'U2'] } },
        config_block: { ticket_config_search: { type: 'external_select', selected_option: { value: '4' } } },
      },
      unreadable,
    );
    expect(read).toEqual({
      ok: true,
      values: {
        team: 12,
        from: '2026-11-20',
        note: 'back door',
        days: ['1', '3'],
        people: ['U1', 'U2'],
        config: '4',
      },
    });
  });

  it('reads inputs left empty, or not in the view, as empty', () => {
    const read = readForm(
      { note: Form.note, days: Form.days, people: Form.people, config: Form.config },
      { note_block: { note: { type: 'plain_text_input', value: null } } },
      unreadable,
    );
    expect(read).toEqual({ ok: true, values: { note: '', days: [], people: [], config: undefined } });
  });

  it('says what is missing beside each required input', () => {
    const read = readForm(
      Form,
      { team_block: { team: { type: 'static_select', selected_option: null } } },
      unreadable,
    );
    expect(read).toEqual({
      ok: false,
      errors: { team_block: 'Pick a team.', from_block: 'Pick the first day.' },
    });
  });

  it('treats an option that is not an id as none picked', () => {
    const read = readForm(
      { team: Form.team },
      { team_block: { team: { type: 'static_select', selected_option: { value: '12; drop table' } } } },
      unreadable,
    );
    expect(read).toEqual({ ok: false, errors: { team_block: 'Pick a team.' } });
  });

  it('says the form is unreadable beside an input whose state is not what the form sends', () => {
    const read = readForm(
      { note: Form.note, people: Form.people },
      { note_block: { note: { value: 42 } }, people_block: { people: { selected_users: 'U1' } } },
      unreadable,
    );
    expect(read).toEqual({ ok: false, errors: { note_block: unreadable, people_block: unreadable } });
    expect(readForm(Form, 'garbage', unreadable)).toMatchObject({ ok: false });
  });
});
