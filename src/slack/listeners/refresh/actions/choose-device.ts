import type { App } from '@slack/bolt';
import { renderApprovalRequest } from '../../../../../blocks/refresh/messages/approval-request.js';
import {
  deviceModelBlock,
  deviceModelOption,
  renderDeviceModal,
} from '../../../../../blocks/refresh/modals/device.js';
import type { ServiceContext } from '../../../../services/context.js';
import {
  getDeviceChoice,
  recordOrderedDevice,
  searchDeviceModels,
} from '../../../../services/refresh/ordering/record-ordered-device.js';
import { ids } from '../../../ids.js';
import { refusalOnField } from '../../../plumbing/answers.js';
import { answerButton, noteByDm, tellRefusal } from '../../../plumbing/button.js';
import { element, input, readModal } from '../../../plumbing/modal-form.js';
import { loadOptions } from '../../../plumbing/options.js';
import { closeModal, fieldErrors, handleSubmission } from '../../../plumbing/submission.js';
import { deviceFormMetadata, type TicketButtonValue, ticketValue } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onAction, onOptions, onView } from '../../register.js';
import { showOrderGroupEverywhere } from './order-group.js';

const DeviceForm = {
  modelId: input(
    deviceModelBlock,
    ids.ticketDeviceModelOptions,
    element.choice.transform((value) => (value ? Number(value) : undefined)),
  ),
};
const unreadable = 'Otto could not read this form; press the device button again.';

/**
 * The device that replaces one the customer found inadequate: the button opens the form (for the
 * config's approvers, or admins before ordering), and saving it updates the group's manifests.
 */
export function registerDeviceChoice(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(
    app,
    known,
    ids.ticketChooseDevice,
    answerButton<TicketButtonValue, void>(ctx, {
      read: (click) => ticketValue.parse(click.raw),
      staleNote: 'That button is out of date or damaged, so nothing was changed.',
      run: async (value, click) => {
        const choice = await getDeviceChoice(ctx, { actor: click.userId, ticketId: value.ticketId });
        const message = click.place.kind === 'message' ? click.place.message : undefined;
        await click.client.views.open({
          trigger_id: click.triggerId,
          view: renderDeviceModal(choice, {
            ticketId: choice.ticketId,
            ...(message ? { channelId: message.channel, ts: message.ts } : {}),
          }),
        });
      },
      answer: tellRefusal,
    }),
  );
  onOptions(
    app,
    known,
    ids.ticketDeviceModelOptions,
    loadOptions('device models', 200, async ({ userId, query, metadata }) => {
      const form = deviceFormMetadata.parse(metadata);
      if (!form) return [];
      const found = await searchDeviceModels(ctx, { actor: userId, ticketId: form.ticketId, query });
      return found.map(deviceModelOption);
    }),
  );
  onView(
    app,
    known,
    ids.ticketDeviceForm,
    handleSubmission(ctx, {
      ack: async ({ view, userId, log }) => {
        const form = readModal(view, deviceFormMetadata, DeviceForm, unreadable);
        if (!form.ok) return { answer: fieldErrors({ [deviceModelBlock]: unreadable }) };
        try {
          const saved = await recordOrderedDevice(ctx, {
            actor: userId,
            ticketId: form.metadata.ticketId,
            modelId: form.values.modelId as number,
          });
          return { answer: closeModal(), later: saved };
        } catch (error) {
          return { answer: fieldErrors(refusalOnField(error, {}, deviceModelBlock, log)) };
        }
      },
      lazy: async ({ ticket, model, manifest, approval }, { userId, client, log }) => {
        if (manifest) await showOrderGroupEverywhere({ ctx, client, log }, manifest);
        if (approval) {
          const request = renderApprovalRequest(approval.summary);
          for (const { channel, ts } of approval.messages) {
            try {
              await client.chat.update({ channel, ts, text: request.text, blocks: request.blocks });
            } catch (error) {
              log('could not show the device in an approval request DM', error);
            }
          }
        }
        await noteByDm(
          { ctx, client, userId, log },
          `Refresh #${ticket.id} will get the ${model}; ordering counts it instead of the proposed model.`,
        );
      },
    }),
  );
}
