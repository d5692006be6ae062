export {
  type BusinessCalendar,
  createBusinessCalendar,
  invitationWallClockTime,
} from './business-calendar.js';
export { addDays, type IsoDate, isIsoDate, parseIsoDate } from './iso-date.js';
export {
  type CalendarSettings,
  type ClosureRange,
  defaultBusinessHours,
  defaultCalendarSettings,
  parseWallClockTime,
} from './settings.js';
