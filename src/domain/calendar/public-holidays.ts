import Holidays from 'date-holidays';
import { addDays, type IsoDate } from './iso-date.js';

const dayMs = 86_400_000;

/** Normalises and checks a date-holidays region; date-holidays itself ignores an unknown state silently. */
export function assertHolidayRegion(
  country: string,
  state?: string,
): { country: string; state: string | undefined } {
  const catalogue = new Holidays();
  const countryCode = country.toUpperCase();
  if (!(countryCode in catalogue.getCountries())) {
    throw new Error(`Unknown holiday country '${country}' (date-holidays country code such as 'US')`);
  }
  if (state === undefined || state === '') return { country: countryCode, state: undefined };
  const stateCode = state.toUpperCase();
  if (!(stateCode in (catalogue.getStates(countryCode) ?? {}))) {
    throw new Error(`Unknown holiday state '${state}' for country '${countryCode}'`);
  }
  return { country: countryCode, state: stateCode };
}

/**
 * Returns a function giving the public holidays (date → name) that fall in a given year.
 * Neighbouring years are read too, because a substitute or multi-day holiday can cross
 * New Year (New Year's Day 2028 is observed on 2027-12-31).
 */
export function publicHolidayLookup(
  country: string,
  state: string | undefined,
): (year: number) => Map<IsoDate, string> {
  const holidays = state
    ? new Holidays(country, state, { types: ['public'] })
    : new Holidays(country, { types: ['public'] });
  // English names where the data has them, the country's own English first
  // (plain 'en' would turn the US 'Labor Day' into 'Labour Day').
  const own = holidays.getLanguages();
  holidays.setLanguages([...new Set([...own.filter((language) => language.startsWith('en')), 'en', ...own])]);

  return (year) => {
    const byDate = new Map<IsoDate, string>();
    for (const listedYear of [year - 1, year, year + 1]) {
      for (const holiday of holidays.getHolidays(listedYear)) {
        if (holiday.type !== 'public') continue;
        const first = holiday.date.slice(0, 10);
        // Partial-day public holidays close the whole day; multi-day ones close each day.
        const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / dayMs));
        for (let i = 0; i < days; i++) {
          const date = addDays(first, i);
          if (!date.startsWith(String(year))) continue;
          const known = byDate.get(date);
          if (known === undefined) byDate.set(date, holiday.name);
          else if (!known.split(' / ').includes(holiday.name)) byDate.set(date, `${known} / ${holiday.name}`);
        }
      }
    }
    return byDate;
  };
}
