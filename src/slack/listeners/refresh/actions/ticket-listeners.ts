import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../../services/context.js';
import { ids } from '../../../ids.js';
import type { KnownIds } from '../../index.js';
import { onAction, onOptions, onView } from '../../register.js';
import { submitChangeRequest } from '../views/change-request.js';
import { submitDenial } from '../views/deny.js';
import { submitTicketEdit } from '../views/edit-ticket.js';
import { submitLocationForm } from '../views/location-form.js';
import { approveFromButton } from './approve.js';
import { loadEditModelOptions } from './edit-model-options.js';
import { manageFromButton } from './hold.js';
import { openTicketForm } from './ticket-forms.js';
import { viewTicketFromButton } from './ticket-view.js';

/** Approvals and the staff ticket views: buttons on DMs, the Home and the card, and their forms. */
export function registerTicketListeners(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.ticketApprove, approveFromButton(ctx));
  onAction(app, known, ids.ticketDeny, openTicketForm(ctx, 'deny'));
  onAction(app, known, ids.ticketView, viewTicketFromButton(ctx));
  onAction(app, known, ids.ticketHold, manageFromButton(ctx, 'hold'));
  onAction(app, known, ids.ticketResume, manageFromButton(ctx, 'resume'));
  onAction(app, known, ids.ticketCancel, manageFromButton(ctx, 'cancel'));
  onAction(app, known, ids.ticketEdit, openTicketForm(ctx, 'edit'));
  onAction(app, known, ids.ticketChangeRequest, openTicketForm(ctx, 'change_request'));
  onAction(app, known, ids.ticketFillLocation, openTicketForm(ctx, 'location'));
  onOptions(app, known, ids.ticketEditProposedModelOptions, loadEditModelOptions(ctx, 'proposed'));
  onOptions(app, known, ids.ticketEditChosenModelOptions, loadEditModelOptions(ctx, 'chosen'));
  onView(app, known, ids.ticketDenyForm, submitDenial(ctx));
  onView(app, known, ids.ticketEditForm, submitTicketEdit(ctx));
  onView(app, known, ids.ticketChangeRequestForm, submitChangeRequest(ctx));
  onView(app, known, ids.ticketLocationForm, submitLocationForm(ctx));
}
