import type { z } from 'zod';

/**
 * Every action_id and callback_id Otto puts on a surface. Data travels in a button's
 * `value` or a modal's `private_metadata`, built and parsed by a `SlackValue` pair, so a
 * forged or stale value is refused by its schema.
 */
export const ids = {
  /** The invitation's "Start" button and the Home's "Continue": opens the wizard on a ticket. */
  wizardStart: 'wizard_start',
  /** The wizard's modal pages (callback_id), their Back button and their external selects' loaders. */
  wizardPage: 'wizard_page',
  wizardBack: 'wizard_back',
  /** The device page's choice (does the proposed computer do? which computer?): it shows the reason only when asked. */
  wizardDeviceChoice: 'wizard_device_choice',
  wizardModelOptions: 'wizard_model_options',
  wizardPeripheralOptions: 'wizard_peripheral_options',
  wizardSoftwareOptions: 'wizard_software_options',
  /** Approver buttons, in DMs and on the Home tab. */
  ticketApprove: 'ticket_approve',
  ticketDeny: 'ticket_deny',
  /** Staff views: the ticket card's buttons, its forms, and the Home's "View". */
  ticketView: 'ticket_view',
  ticketHold: 'ticket_hold',
  ticketResume: 'ticket_resume',
  ticketCancel: 'ticket_cancel',
  ticketEdit: 'ticket_edit',
  ticketChangeRequest: 'ticket_change_request',
  ticketFillLocation: 'ticket_fill_location',
  ticketDenyForm: 'ticket_deny_form',
  ticketEditForm: 'ticket_edit_form',
  ticketChangeRequestForm: 'ticket_change_request_form',
  ticketLocationForm: 'ticket_location_form',
  /** The `/otto import` modal (callback_id). */
  inventoryImport: 'inventory_import',
  /** The import modal's "How" (paste or attach): choosing shows the input for it. */
  inventoryImportSource: 'import_how',
  /** `/otto config`: the list's buttons, the form's submission and its external selects' loaders. */
  configEdit: 'config_edit',
  configNew: 'config_new',
  configPagePrevious: 'config_page_previous',
  configPageNext: 'config_page_next',
  configSave: 'config_save',
  /** The config form's Style select: picking one shows the form for that style. */
  configStyle: 'config_style',
  configUnitOptions: 'config_unit_options',
  configModelOptions: 'config_model_options',
  configPeripheralOptions: 'config_peripheral_options',
  /** Batches: the "new batch" modal, the batch message's buttons and the "Create tickets" modal. */
  batchNew: 'batch_new',
  batchCreateTickets: 'batch_create_tickets',
  batchLookUpAgain: 'batch_look_up_again',
  batchCreate: 'batch_create',
  /** The bulk creator modal (`/otto create`). */
  createTickets: 'create_tickets',
  /** External select of refresh configs in the creation modals, when there are more than 100. */
  ticketConfigSearch: 'ticket_config_search',
  /** The "Device for #N" form's model select, searched as typed (the catalog may hold more than 100). */
  ticketDeviceModelOptions: 'ticket_device_model_options',
  /** The ticket edit form's model selects, searched as typed. */
  ticketEditProposedModelOptions: 'ticket_edit_proposed_model_options',
  ticketEditChosenModelOptions: 'ticket_edit_chosen_model_options',
  /** Order groups (`/otto order-group`): the new-group form, the manifest's buttons, the PO form, approval. */
  orderGroupNew: 'order_group_new',
  orderGroupSend: 'order_group_send',
  orderGroupRecordPo: 'order_group_record_po',
  orderGroupPoForm: 'order_group_po_form',
  orderGroupCsv: 'order_group_csv',
  orderGroupAssign: 'order_group_assign',
  orderGroupApprove: 'order_group_approve',
  orderGroupDeny: 'order_group_deny',
  orderGroupDenyForm: 'order_group_deny_form',
  /** The device that replaces one a customer found inadequate: the button (DM, manifest) and its form. */
  ticketChooseDevice: 'ticket_choose_device',
  ticketDeviceForm: 'ticket_device_form',
  /** The bulk assignment modal (`/otto assign`, or "Assign replacements" on an order group). */
  assignReplacements: 'assign_replacements',
  /** The built-in ITSM ticket's message in the support team's channel. */
  itsmTaskDone: 'itsm_task_done',
  itsmTicketInstalled: 'itsm_ticket_installed',
  itsmTicketClosed: 'itsm_ticket_closed',
  /** The tracking numbers paste form (`/otto tracking`, callback_id). */
  trackingEntry: 'tracking_entry',
  /** "Retry lookup" on the Home's Problems list: asks the ITSM about one replacement again. */
  retryLookup: 'retry_lookup',
  /** "Confirm replacement" on the Home's Problems list (admins): a pasted replacement is real hardware. */
  confirmReplacement: 'confirm_replacement',
  /** Weekly slot rules on the Home (slot admins): Add/Edit/Remove buttons and their modals (callback_id). */
  slotPreferenceAdd: 'slot_preference_add',
  slotPreferenceEdit: 'slot_preference_edit',
  slotPreferenceRemove: 'slot_preference_remove',
  slotPreferenceForm: 'slot_preference_form',
  slotPreferenceRemoveForm: 'slot_preference_remove_form',
  /** The Home's calendar overview team filter, and the slot admin's Delete button (`/otto slots`). */
  homeCalendarTeam: 'home_calendar_team',
  slotDelete: 'slot_delete',
  /** The slot admin's slot list modal (callback_id; it has no submit). */
  teamSlots: 'team_slots',
  /** The slot invitation's "Pick a time" button and the booking modal (callback_id) with its select. */
  bookSlotOpen: 'book_slot_open',
  bookSlot: 'book_slot',
  bookSlotChoice: 'book_slot_choice',
  /** Staff rescheduling: the card's button, its form (callback_id) with its choice and time select. */
  ticketReschedule: 'ticket_reschedule',
  ticketRescheduleForm: 'ticket_reschedule_form',
  rescheduleMode: 'reschedule_mode',
  rescheduleSlot: 'reschedule_slot',
  /** Admins' bulk reschedule: the Home's button and the form (callback_id) with its fields. */
  bulkRescheduleOpen: 'bulk_reschedule_open',
  bulkReschedule: 'bulk_reschedule',
  bulkRescheduleTeam: 'bulk_reschedule_team',
  bulkRescheduleFrom: 'bulk_reschedule_from',
  bulkRescheduleTo: 'bulk_reschedule_to',
  /** `/otto desk`: the set-up modal (callback_id), its Add buttons and Edit selects, and the forms they push. */
  deskSetup: 'desk_setup',
  deskAdd: 'desk_add',
  deskEdit: 'desk_edit',
  deskGroupForm: 'desk_group_form',
  deskCategoryForm: 'desk_category_form',
  deskAccountForm: 'desk_account_form',
  deskRuleForm: 'desk_rule_form',
  /** "Try the rules" (set-up modal, rule form) and the form it opens (callback_id). */
  deskTryRules: 'desk_try_rules',
  deskTryRulesForm: 'desk_try_rules_form',
  /** `/otto import groups|categories|accounts|rules`: the desk's import modal (callback_id). */
  deskImport: 'desk_import',
  /** Opening a case: the Home's button, the global and message shortcuts (callback_id), the case form (callback_id). */
  caseOpen: 'case_open',
  caseShortcut: 'open_case',
  caseFromMessage: 'open_case_from_message',
  caseForm: 'case_form',
  /** The case form's account select: choosing one shows that account's environments. */
  caseFormAccount: 'case_form_account',
  /** The case form's category select when the desk has more than 100 categories: searched as typed. */
  caseFormCategoryOptions: 'case_form_category_options',
  /** A case's card and notices: open the case (its history), take it, reassign it, set its status. */
  caseView: 'case_view',
  caseTake: 'case_take',
  caseReassign: 'case_reassign',
  caseStatus: 'case_status',
  /** The reassignment form (callback_id). */
  caseReassignForm: 'case_reassign_form',
  /** A case shown by `/otto case <number>` or "Open case": the pages of its story, and the modal (callback_id). */
  caseStoryPage: 'case_story_page',
  caseStoryPageBack: 'case_story_page_back',
  caseViewModal: 'case_view_modal',
  /** The Home's desk lists: their page buttons (later cases, earlier cases). */
  caseHomePage: 'case_home_page',
  caseHomePageBack: 'case_home_page_back',
} as const;

/**
 * A typed pair for the data a surface carries: `encode` builds a button's value or a modal's
 * private_metadata, `parse` reads it back through its schema and gives undefined for anything
 * forged, stale or damaged. Each module keeps its own values (src/slack/values/).
 */
export interface SlackValue<T> {
  encode(value: T): string;
  parse(raw: unknown): T | undefined;
}

function jsonValue<S extends z.ZodType>(schema: S, maxLength: number): SlackValue<z.output<S>> {
  return {
    encode: (value) => JSON.stringify(value),
    parse(raw) {
      if (typeof raw !== 'string' || raw.length > maxLength) return undefined;
      try {
        const parsed = schema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** A button's value (Slack takes at most 2,000 characters). */
export const buttonValue = <S extends z.ZodType>(schema: S) => jsonValue(schema, 2000);

/** A modal's private_metadata (Slack takes at most 3,000 characters). */
export const modalMetadata = <S extends z.ZodType>(schema: S) => jsonValue(schema, 3000);
