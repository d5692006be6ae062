import { z } from 'zod';
import { itsmTaskKinds, itsmTicketKinds } from '../domain/refresh/enums.js';

/** A task to open with a ticket; `dueAt` (ISO instant) dates it, e.g. from the day1 time. */
export const ItsmTaskRequest = z.object({
  kind: z.enum(itsmTaskKinds),
  title: z.string().min(1).max(300),
  dueAt: z.iso.datetime({ offset: true }).optional(),
});
export type ItsmTaskRequest = z.infer<typeof ItsmTaskRequest>;

const CreateTicketRequest = z.object({
  operation: z.literal('create_ticket'),
  kind: z.enum(itsmTicketKinds),
  title: z.string().min(1).max(250),
  body: z.string().max(20_000),
  requestedBy: z.string().min(1),
  tasks: z.array(ItsmTaskRequest).max(20).default([]),
  /** The customer the ticket is for: the ITSM's requestor, when it knows them. */
  requestor: z.object({ email: z.email(), name: z.string().max(200).optional() }).optional(),
  /** The support team that works it: the ITSM's responsible group, by its ITSM group or name. */
  supportTeam: z.object({ name: z.string().min(1), itsmGroup: z.string().min(1).optional() }).optional(),
  /** The replacement system, attached to the ticket; `assetId` when a lookup found it already. */
  replacement: z.object({ serial: z.string().min(1), assetId: z.string().min(1).optional() }).optional(),
});

/**
 * The ITSM ticket (and task) a later request is about. Left out, it is the refresh ticket's own
 * ITSM ticket and the task of that kind, resolved when the request is delivered: a request
 * written in the same change as the ticket's creation cannot know the ids yet.
 */
const TicketTarget = { itsmTicketId: z.string().min(1).optional() };
const taskTarget = { id: z.string().min(1).optional(), kind: z.enum(itsmTaskKinds).optional() };
const namesTask = (task: { id?: string | undefined; kind?: string | undefined }) =>
  task.id !== undefined || task.kind !== undefined;
const TaskTarget = z.object(taskTarget).refine(namesTask, 'a task id or kind');
const TaskUpdate = z
  .object({ ...taskTarget, dueAt: z.iso.datetime({ offset: true }).optional() })
  .refine(namesTask, 'a task id or kind');

const UpdateTicketRequest = z.object({
  operation: z.literal('update_ticket'),
  ...TicketTarget,
  note: z.string().min(1).max(20_000).optional(),
  tasks: z.array(TaskUpdate).max(20).optional(),
});

const CloseTaskRequest = z.object({
  operation: z.literal('close_task'),
  ...TicketTarget,
  task: TaskTarget,
});

/** A request to the ITSM, written to the outbox with the change that causes it. */
export const ItsmRequest = z.discriminatedUnion('operation', [
  CreateTicketRequest,
  UpdateTicketRequest,
  CloseTaskRequest,
]);
export type ItsmRequest = z.infer<typeof ItsmRequest>;
export type ItsmRequestInput = z.input<typeof ItsmRequest>;
export type CreateTicketRequest = z.infer<typeof CreateTicketRequest>;

export interface ItsmTicketRef {
  /** The ITSM's own id for the ticket. */
  id: string;
  /** The ITSM's ids of the tasks opened with it, in the order asked. */
  tasks: Array<{ id: string; kind: ItsmTaskRequest['kind'] }>;
  /** What could not be done beside the ticket itself (e.g. the replacement not attached), said plainly. */
  warnings?: string[];
}

export interface ItsmSystem {
  found: boolean;
  assetId?: string;
  name?: string;
  /** Why it was not found, when the ITSM says more than "no". */
  reason?: string;
}

export interface ItsmTicketUpdate {
  /** A note on the ticket's feed. */
  note?: string;
  /** Tasks to reschedule (by the ITSM's task id). */
  tasks?: Array<{ id: string; dueAt?: Date }>;
}

export interface ItsmTicketState {
  installed: boolean;
  closed: boolean;
  /** The ITSM ticket was cancelled: the work will not be done, and people must look at it. */
  cancelled?: boolean;
  /** The ITSM's name of the ticket's status, when it has one. */
  status?: string;
}

/** A task created with a ticket: its place in the request, the ITSM's id, its kind. */
export interface CreatedTask {
  index: number;
  id: string;
  kind: ItsmTaskRequest['kind'];
}

/**
 * The calls between a ticket's creation and its tasks, each recorded as soon as it is answered,
 * so a retried creation does not make it again.
 */
export interface CreationSteps {
  /** The workflow's assignment was sent (its answer not recorded: it may be done) or answered. */
  workflow?: 'sent' | 'done';
  /** The replacement's attach was answered: done, or refused with this warning. */
  attach?: { warning?: string };
  /** The workflow's tasks were read, and the ones standing for the request's tasks recorded. */
  workflowTasks?: 'read';
}

/**
 * What earlier attempts at one creation did, and where each step is recorded as soon as it is
 * done (each in a write of its own, never around a call): an ITSM that creates a ticket and its
 * tasks in several calls resumes a retried creation where it stopped instead of opening a
 * second ticket.
 */
export interface CreationJournal {
  /** A reference unique to this request, left on the ticket so it can be found again. */
  readonly marker: string;
  /** When the ticket's creation was first sent; undefined when it never was. */
  readonly sentAt: Date | undefined;
  readonly ticketId: string | undefined;
  readonly tasks: readonly CreatedTask[];
  /** The task (by its place) whose creation was sent without its answer being recorded. */
  readonly taskSent: number | undefined;
  /** Before the ticket's creation is sent: from now on it may exist. */
  ticketSending(): Promise<void>;
  ticketCreated(id: string): Promise<void>;
  taskSending(index: number): Promise<void>;
  taskCreated(task: CreatedTask): Promise<void>;
  readonly steps: Readonly<CreationSteps>;
  /** Before the workflow's assignment is sent: from now on the ticket may have it. */
  workflowSending(): Promise<void>;
  workflowAssigned(): Promise<void>;
  /** The replacement's attach was answered (`warning`: refused, and why). */
  attached(warning: string | undefined): Promise<void>;
  /** The workflow's tasks were read: those that stand for the request's tasks. */
  workflowTasksRead(tasks: readonly CreatedTask[]): Promise<void>;
}

/** What `createTicket` is given: the outbox request and the refresh ticket it belongs to. */
export type CreateTicketInput = Omit<z.input<typeof CreateTicketRequest>, 'operation'> & {
  operation?: 'create_ticket';
  refreshTicketId?: number | null;
  /** Where a creation in several calls records its steps (the outbox request's own). */
  journal?: CreationJournal;
};

/** How a read may wait for the ITSM's rate limit. */
export interface ItsmReadOptions {
  /**
   * The longest wait for the method's budget or a 429's reset (default: as long as it takes, for
   * jobs); past it the read fails with the wait as `retryAfterMs`. Someone waiting gets a bound.
   */
  maxWaitMs?: number;
}

/**
 * Everything Otto asks of an ITSM goes through this port: the built-in service desk by
 * default, TeamDynamix when configured. Calls may fail (`ItsmError`); the outbox retries the
 * writes, and readers record each call with `withItsmEvent`.
 */
export interface ItsmPort {
  readonly name: 'builtin' | 'teamdynamix';
  lookupSystem(serial: string, options?: ItsmReadOptions): Promise<ItsmSystem>;
  createTicket(request: CreateTicketInput): Promise<ItsmTicketRef>;
  updateTicket(id: string, update: ItsmTicketUpdate): Promise<void>;
  closeTask(ticketId: string, taskId: string): Promise<void>;
  /**
   * `tasks`: the tasks opened with the ticket, as `createTicket` returned them (the installed rule
   * may name one); `options`: how long the read may wait for its rate limit.
   */
  getTicketState(
    id: string,
    tasks?: ItsmTicketRef['tasks'],
    options?: ItsmReadOptions,
  ): Promise<ItsmTicketState>;
  /** Where people open the ticket in the ITSM's own pages, when it has any. */
  ticketUrl?(id: string): string | undefined;
}
