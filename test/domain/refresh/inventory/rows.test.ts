import { describe, expect, it } from 'vitest';
import { describeLineErrors, readInventoryCsv } from '../../../../src/domain/refresh/inventory/index.js';

function rowsOf<K extends Parameters<typeof readInventoryCsv>[0]>(kind: K, text: string) {
  const read = readInventoryCsv(kind, text);
  if (read.errors.length > 0) throw new Error(`unexpected errors: ${JSON.stringify(read.errors)}`);
  return read.rows;
}

function errorsOf(kind: Parameters<typeof readInventoryCsv>[0], text: string) {
  const read = readInventoryCsv(kind, text);
  if (read.errors.length === 0) throw new Error('expected errors');
  return read.errors;
}

describe('readInventoryCsv', () => {
  it('reads a systems file: trimmed text, lower-case e-mail, blank cells as null, absent columns as undefined', () => {
    const rows = rowsOf(
      'systems',
      'Serial, Name ,Model,Platform,User E-mail,Support Team\n SN1 ,  LSA-PC-1 ,Dell Latitude 7450,Windows,Casey@Example.EDU,\n',
    );
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          serial: 'SN1',
          name: 'LSA-PC-1',
          model: 'Dell Latitude 7450',
          platform: 'windows',
          user_email: 'casey@example.edu',
          support_team: null,
        },
      },
    ]);
  });

  it('refuses an unknown column on the header line and names the columns the kind has', () => {
    expect(errorsOf('systems', 'serial,colour\nSN1,red\n')).toEqual([
      {
        line: 1,
        message:
          'unknown column “colour”; systems files have: serial, name, model, platform, user_email, user_name, support_team, building, room, group, unit',
      },
    ]);
  });

  it('refuses a header without a required column, or with a column twice', () => {
    expect(errorsOf('models', 'manufacturer,name\nDell,X\n')).toEqual([
      {
        line: 1,
        message: 'the header has no “platform” column (models files need manufacturer, name, platform)',
      },
    ]);
    expect(errorsOf('peripherals', 'name,Name\nx,y\n')).toEqual([
      { line: 1, message: 'column “name” appears twice in the header' },
    ]);
  });

  it('refuses an empty file and a header without rows', () => {
    expect(errorsOf('software', '')).toEqual([{ line: 1, message: 'the file is empty' }]);
    expect(errorsOf('software', 'name\n\n')).toEqual([
      { line: 1, message: 'there are no rows under the header' },
    ]);
  });

  it('reports every bad row with its line and the column at fault', () => {
    const text = [
      'serial,platform,user_email',
      'SN1,windows,casey@example.edu',
      ',mac,',
      'SN3,linux,not-an-address',
      'SN4,mac',
    ].join('\n');
    expect(errorsOf('systems', text)).toEqual([
      { line: 3, message: 'serial: is required' },
      { line: 4, message: 'platform: “linux” is not a platform: write windows or mac' },
      { line: 4, message: 'user_email: “not-an-address” is not an e-mail address' },
      { line: 5, message: 'has 2 fields but the header has 3' },
    ]);
  });

  it('hands back the good rows beside the bad, so the database checks can add their errors', () => {
    const read = readInventoryCsv('peripherals', 'name,requires_approval\nMonitor,yes\nMouse,perhaps\n');
    expect(read.rows).toEqual([{ line: 2, row: { name: 'Monitor', requires_approval: true } }]);
    expect(read.errors).toEqual([
      { line: 3, message: 'requires_approval: must be yes or no, not “perhaps”' },
    ]);
  });

  it('refuses the same serial twice in one file, whatever its case', () => {
    expect(errorsOf('systems', 'serial,name\nSN1,a\nSN2,b\nsn1,c\n')).toEqual([
      { line: 4, message: 'serial “sn1” is already on line 2' },
    ]);
  });

  it('keys models by manufacturer and name', () => {
    expect(
      errorsOf(
        'models',
        'manufacturer,name,platform\nDell,Latitude 7450,windows\ndell,latitude  7450,windows\n',
      ),
    ).toEqual([{ line: 3, message: 'model “dell latitude 7450” is already on line 2' }]);
  });

  it('reads yes/no flags, blank as no', () => {
    const rows = rowsOf('software', 'name,requires_approval\nA,yes\nB,\nC,TRUE\nD,0\n');
    expect(rows.map((r) => r.row.requires_approval)).toEqual([true, false, true, false]);
    expect(errorsOf('software', 'name,requires_approval\nA,maybe\n')).toEqual([
      { line: 2, message: 'requires_approval: must be yes or no, not “maybe”' },
    ]);
  });

  it('reads unit lists separated by semicolons, bundle quantities written as *N', () => {
    const rows = rowsOf(
      'units',
      'name,approved_models,approved_peripherals,bundle\nLSA,"Dell Latitude 7450; Apple MacBook Air 13 (M4)",,"Dell 27"" monitor*2;Keyboard and mouse"\n',
    );
    expect(rows[0]?.row).toEqual({
      name: 'LSA',
      approved_models: ['Dell Latitude 7450', 'Apple MacBook Air 13 (M4)'],
      approved_peripherals: [],
      bundle: [
        { name: 'Dell 27" monitor', quantity: 2 },
        { name: 'Keyboard and mouse', quantity: 1 },
      ],
    });
    expect(errorsOf('units', 'name,bundle\nLSA,Monitor*0\nENG,Mouse;mouse*2\n')).toEqual([
      { line: 2, message: 'bundle: “Monitor*0” is not a peripheral with a quantity of 1 to 99' },
      { line: 3, message: 'bundle: lists “mouse” twice' },
    ]);
  });

  it('checks support team channels, time zones and slot counts', () => {
    expect(
      errorsOf(
        'support_teams',
        'name,slack_channel,time_zone,min_free_slots\nNorth,#north,Mars/Olympus,-1\n',
      ),
    ).toEqual([
      { line: 2, message: 'slack_channel: must be a channel id (C… or G…, from the channel’s details)' },
      { line: 2, message: 'time_zone: is not a time zone like America/Detroit' },
      { line: 2, message: 'min_free_slots: must be 0 or more' },
    ]);
    expect(
      rowsOf('support_teams', 'name,slack_channel,time_zone,min_free_slots\nNorth,C0NORTH,,\n')[0]?.row,
    ).toEqual({
      name: 'North',
      slack_channel: 'C0NORTH',
      time_zone: null,
      min_free_slots: null,
    });
  });

  it('passes a syntax error through with its line', () => {
    expect(errorsOf('peripherals', 'name\n"Dell\n')).toEqual([
      { line: 2, message: 'a quoted field is never closed' },
    ]);
  });
});

describe('describeLineErrors', () => {
  it('lists the first errors and counts the rest', () => {
    const errors = Array.from({ length: 13 }, (_, i) => ({ line: i + 2, message: 'serial: is required' }));
    const text = describeLineErrors(errors, 10);
    expect(text.split('\n')).toHaveLength(11);
    expect(text).toMatch(/^line 2: serial: is required\n/);
    expect(text).toMatch(/\nline 11: serial: is required\n…and 3 more$/);
  });
});
