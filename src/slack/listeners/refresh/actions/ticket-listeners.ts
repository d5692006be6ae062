import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../../services/context.js';
import { ids } from '../../../ids.js';
import type { KnownIds } from '../../index.js';
import { onAction, onView } from '../../register.js';
import { submitChangeRequest } from '../views/change-request.js';
import { submitDenial } from '../views/deny.js';
import { submitTicketEdit } from '../views/edit-ticket.js';
import { submitLocationForm } from '../views/location-form.js';
import { approveFromButton } from './approve.js';
import { manageFromButton } from './hold.js';
import { openTicketForm } from './ticket-forms.js';
import { viewTicketFromButton } from './ticket-view.js';

/** Approvals and the staff ticket views: buttons on DMs, the Home and the card, and their forms. */
export function registerTicketListeners(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.ticketApprove, (args) => approveFromButton(ctx, args));
  onAction(app, known, ids.ticketDeny, (args) => openTicketForm(ctx, 'deny', args));
  onAction(app, known, ids.ticketView, (args) => viewTicketFromButton(ctx, args));
  onAction(app, known, ids.ticketHold, (args) => manageFromButton(ctx, 'hold', args));
  onAction(app, known, ids.ticketResume, (args) => manageFromButton(ctx, 'resume', args));
  onAction(app, known, ids.ticketCancel, (args) => manageFromButton(ctx, 'cancel', args));
  onAction(app, known, ids.ticketEdit, (args) => openTicketForm(ctx, 'edit', args));
  onAction(app, known, ids.ticketChangeRequest, (args) => openTicketForm(ctx, 'change_request', args));
  onAction(app, known, ids.ticketFillLocation, (args) => openTicketForm(ctx, 'location', args));
  onView(app, known, ids.ticketDenyForm, submitDenial(ctx));
  onView(app, known, ids.ticketEditForm, submitTicketEdit(ctx));
  onView(app, known, ids.ticketChangeRequestForm, submitChangeRequest(ctx));
  onView(app, known, ids.ticketLocationForm, submitLocationForm(ctx));
}
