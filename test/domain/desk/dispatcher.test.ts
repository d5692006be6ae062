import { describe, expect, it } from 'vitest';
import {
  type CaseToRoute,
  compileRules,
  type DispatchRule,
  describeReason,
  dispatch,
} from '../../../src/domain/desk/dispatcher.js';
import { checkPattern } from '../../../src/domain/desk/rule-pattern.js';

const IT = 1;
const AV = 2;
const TRIAGE = 9;
const PROJECTORS = 11;
const groups = [
  { id: IT, mainSlackUserId: 'UITMAIN' },
  { id: AV, mainSlackUserId: 'UAVMAIN' },
  { id: TRIAGE, mainSlackUserId: 'UANGEL' },
];

const rule = (id: number, over: Partial<DispatchRule>): DispatchRule => ({
  id,
  name: `Rule ${id}`,
  categoryId: null,
  subjectWords: [],
  descriptionWords: [],
  pattern: null,
  groupId: IT,
  assigneeSlackUserId: null,
  ...over,
});

const rules = [
  rule(1, { name: 'AV category', categoryId: PROJECTORS, groupId: AV }),
  rule(2, { name: 'Projectors', subjectWords: ['projector', 'beamer'], groupId: AV }),
  rule(3, { name: 'Wi-fi', subjectWords: ['wi-fi', 'wireless'], assigneeSlackUserId: 'UNET' }),
  rule(4, { name: 'Café', descriptionWords: ['café'] }),
  rule(5, { name: 'Printers', pattern: '\\bprint(er|ing)s?\\b', groupId: IT }),
  rule(6, { name: 'Passwords in AV', categoryId: PROJECTORS, descriptionWords: ['password'], groupId: IT }),
];
const compiled = compileRules(rules, groups, TRIAGE);
const route = (item: Partial<CaseToRoute>) =>
  dispatch(compiled, { categoryId: null, subject: '', description: '', ...item });

describe('the dispatcher', () => {
  it.each([
    ['a category-only rule', { categoryId: PROJECTORS }, 'AV category', AV, 'UAVMAIN'],
    ['a subject word', { subject: 'The projector in B12 is dead' }, 'Projectors', AV, 'UAVMAIN'],
    ['whatever the case', { subject: 'PROJECTOR broken' }, 'Projectors', AV, 'UAVMAIN'],
    ['punctuation around the word', { subject: 'Help: projector!' }, 'Projectors', AV, 'UAVMAIN'],
    ['a phrase split by punctuation', { subject: 'No WI FI in room 3' }, 'Wi-fi', IT, 'UNET'],
    ['the rule’s person over the main person', { subject: 'wireless down' }, 'Wi-fi', IT, 'UNET'],
    ['accents or none', { description: 'The cafe machine leaks' }, 'Café', IT, 'UITMAIN'],
    ['a regular expression on the description', { description: 'Printing fails' }, 'Printers', IT, 'UITMAIN'],
  ])('routes by %s', (_what, item, ruleName, groupId, assignee) => {
    const r = route(item);
    expect(r).toMatchObject({ routed: true, ruleName, groupId, assigneeSlackUserId: assignee });
  });

  it.each([
    ['part of a word', { subject: 'projectors' }],
    ['a word inside another', { subject: 'myprojector' }],
    ['a phrase whose words are apart', { subject: 'wi and then fi' }],
    ['a description word in the subject', { subject: 'café' }],
    ['a pattern that does not match', { subject: 'blueprint' }],
  ])('does not match %s, so triage gets it', (_what, item) => {
    expect(route(item)).toEqual({ routed: false, groupId: TRIAGE, assigneeSlackUserId: 'UANGEL' });
  });

  it('takes the first matching rule in order, and says which words matched', () => {
    const r = route({ categoryId: PROJECTORS, subject: 'projector', description: 'password' });
    expect(r).toMatchObject({ routed: true, ruleId: 1, position: 1 });
    const second = dispatch(compileRules(rules.slice(1), groups, TRIAGE), {
      categoryId: PROJECTORS,
      subject: 'Beamer and projector',
      description: 'password',
    });
    expect(second).toMatchObject({
      routed: true,
      ruleName: 'Projectors',
      position: 1,
      reason: { category: false, subjectWords: ['projector', 'beamer'], descriptionWords: [] },
    });
  });

  it('needs every condition of a rule: category and words', () => {
    const onlyRule6 = compileRules([rules[5]!], groups, TRIAGE);
    expect(dispatch(onlyRule6, { categoryId: null, subject: '', description: 'password' })).toMatchObject({
      routed: false,
    });
    const r = dispatch(onlyRule6, { categoryId: PROJECTORS, subject: '', description: 'My Password!' });
    expect(r).toMatchObject({ routed: true, reason: { category: true, descriptionWords: ['password'] } });
    if (r.routed)
      expect(describeReason(r.reason, 'Projectors')).toBe(
        'category is Projectors; description has “password”',
      );
  });

  it('says what a pattern matched, and where', () => {
    const r = route({ subject: 'Nothing here', description: 'the PRINTERS on floor 2' });
    expect(r).toMatchObject({
      routed: true,
      reason: { pattern: { matched: 'PRINTERS', in: 'description' } },
    });
    if (r.routed) expect(describeReason(r.reason)).toBe('description matches the pattern at “PRINTERS”');
  });

  it('sends everything to triage when there are no rules, and to nobody without a triage group', () => {
    expect(
      dispatch(compileRules([], groups, TRIAGE), { categoryId: 1, subject: 'x', description: 'y' }),
    ).toEqual({
      routed: false,
      groupId: TRIAGE,
      assigneeSlackUserId: 'UANGEL',
    });
    expect(
      dispatch(compileRules([], groups, null), { categoryId: 1, subject: 'x', description: 'y' }),
    ).toEqual({
      routed: false,
      groupId: null,
      assigneeSlackUserId: null,
    });
  });
});

describe('rule patterns', () => {
  it.each([
    ['\\bprint(er|ing)s?\\b'],
    ['^re:'],
    ['vpn|anyconnect'],
    ['error\\s{1,5}\\d+'],
    ['(?:mac|windows) update'],
    ['[a-z]+@example\\.edu'],
  ])('accepts %s', (pattern) => {
    expect(checkPattern(pattern)).toMatchObject({ ok: true });
  });

  it.each([
    ['(a+)+$', 'repeats a group that itself repeats'],
    ['(a|ab)*c', 'repeats a group that itself repeats or has alternatives'],
    ['(\\w+\\s?)*$', 'repeats a group that itself repeats'],
    ['.*.*x', 'more than one open-ended repetition'],
    ['\\w+\\s+\\w+', 'more than one open-ended repetition'],
    ['(a)\\1', 'back-reference'],
    ['a{1,1000}', 'more than 100 times'],
    ['(unclosed', 'is not a valid regular expression'],
    ['x'.repeat(201), 'is longer than 200 characters'],
    ['   ', 'is empty'],
  ])('refuses %s', (pattern, reason) => {
    const check = checkPattern(pattern);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });

  it('a refused pattern saved by hand matches nothing rather than hanging', () => {
    const bad = compileRules([rule(1, { pattern: '(a+)+$' })], groups, TRIAGE);
    const started = performance.now();
    expect(dispatch(bad, { categoryId: null, subject: `${'a'.repeat(40)}!`, description: '' })).toMatchObject(
      {
        routed: false,
      },
    );
    expect(performance.now() - started).toBeLessThan(100);
  });
});
