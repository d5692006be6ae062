export { type ExpiryRun, expireUnfinishedWizards } from './expire-unfinished-wizards.js';
export { type InvitationRun, sendDueInvitations } from './send-due-invitations.js';
export { type ReminderRun, sendDueReminders } from './send-due-reminders.js';
export { type HeldAppointmentRun, withdrawHeldAppointments } from './withdraw-held-appointments.js';
export { reminderBusinessDays, wizardExpiryBusinessDays } from './wizard-clock.js';
