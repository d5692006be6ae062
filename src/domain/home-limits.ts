/**
 * What the Home lists before it counts, so it stays inside Block Kit's 100 blocks: the service
 * reads no more, and the view shows no more.
 */
export const homeLimits = {
  awaiting: 15,
  problemsPerStatus: 10,
  myTickets: 10,
  slotTeams: 5,
  calendarTeams: 5,
  calendarDays: 7,
} as const;
