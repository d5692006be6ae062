// The one road every notice takes on the service side: who hears (audience), how the computer
// and the person are named (domain/naming), and how times are written for the reader (times).
// The notice itself is queued as data (effects/outbox) and rendered when it is delivered.
export { computerLabel, personName } from '../../domain/naming.js';
export {
  type Audience,
  audienceOf,
  type HeardTicket,
  type NoticePerson,
  readerFields,
  type TicketPeople,
  ticketAudience,
} from './audience.js';
export { noticeTime, readerTimeZone } from './times.js';
