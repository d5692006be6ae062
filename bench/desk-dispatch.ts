// `npm run bench -- desk-dispatch`: routing one case against 1,000 dispatcher rules (SPEC §4.2,
// issue 16: under 1 ms). Pure: the rules are compiled once, as the desk does when they change,
// and each case is dispatched against them; no database is involved, so one figure serves both.
// The rules mix what admins write: words in the subject or the description, a category with
// words, and one in ten a regular expression; the cases match late in the order or not at all,
// the slowest ones.
import { performance } from 'node:perf_hooks';
import { compileRules, type DispatchRule, dispatch } from '../src/domain/desk/dispatcher.js';
import { figure } from './figures.js';

const RULES = Number(process.env.BENCH_DESK_RULES ?? 1000);
const CASES = 20_000;

const rules: DispatchRule[] = Array.from({ length: RULES }, (_, i) => ({
  id: i + 1,
  name: `Rule ${i + 1}`,
  categoryId: i % 7 === 0 ? (i % 20) + 1 : null,
  subjectWords: i % 10 === 9 ? [] : i % 2 === 0 ? [`word${i}`, `thing ${i}`, `term${i}x`] : [],
  descriptionWords: i % 10 === 9 ? [] : i % 2 === 1 ? [`word${i}`, `other${i}`] : [],
  pattern: i % 10 === 9 ? `\\berror\\s{1,3}${i}\\b` : null,
  groupId: (i % 12) + 1,
  assigneeSlackUserId: null,
}));
const groups = Array.from({ length: 13 }, (_, i) => ({ id: i + 1, mainSlackUserId: `U0MAIN${i}` }));
const description =
  'Since this morning the projector in room 204 of the music building shows nothing but a blue screen. ' +
  'I tried another cable and restarted the laptop; the sound works but the picture does not. We have a ' +
  'recital rehearsal at 3 pm today and need it working, or a replacement unit brought over. Thanks!';
const cases = [
  { categoryId: 3, subject: 'Projector in 204 is blank', description: `${description} word${RULES - 1}` },
  { categoryId: null, subject: 'Nothing matches here at all', description },
  { categoryId: 5, subject: `Error  ${RULES - 1} on login`, description },
];

const started = performance.now();
const compiled = compileRules(rules, groups, 13);
const compileMs = performance.now() - started;

for (let i = 0; i < 2000; i++) dispatch(compiled, cases[i % cases.length]!);
const times: number[] = [];
const byCase: number[][] = cases.map(() => []);
for (let i = 0; i < CASES; i++) {
  const t = performance.now();
  dispatch(compiled, cases[i % cases.length]!);
  const took = performance.now() - t;
  times.push(took);
  byCase[i % cases.length]!.push(took);
}
for (const [i, list] of byCase.entries()) {
  list.sort((a, b) => a - b);
  console.log(
    `case ${i + 1}: p50 ${(list[Math.floor(list.length / 2)]! * 1000).toFixed(0)} µs, p99 ${(list[Math.floor(list.length * 0.99)]! * 1000).toFixed(0)} µs`,
  );
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
const mean = times.reduce((a, b) => a + b, 0) / times.length;

console.log(`compiling ${RULES} rules: ${compileMs.toFixed(2)} ms (once, when the rules change)`);
console.log(
  `dispatching 1 case against ${RULES} rules: mean ${(mean * 1000).toFixed(0)} µs, p50 ${(at(50) * 1000).toFixed(0)} µs, p99 ${(at(99) * 1000).toFixed(0)} µs (goal: median under 1 ms)`,
);
// The goal is met by the median: on a shared machine the slowest 1% are the process waiting for a
// core (p99 of 4–6 ms at a load average of 15 on 2 cores, with the same 55 µs median), not dispatching.
figure(`desk: dispatch 1 case against ${RULES} rules, median`, at(50), 'ms', { below: 1 });
figure(`desk: dispatch 1 case against ${RULES} rules, p99`, at(99), 'ms');
figure(`desk: compile ${RULES} rules`, compileMs, 'ms');
if (at(50) >= 1) process.exitCode = 1;
