import type { ModalView, PlainTextOption } from '@slack/types';
import type {
  DeviceChoice,
  DeviceModel,
} from '../../../src/services/refresh/ordering/record-ordered-device.js';
import { ids } from '../../../src/slack/ids.js';
import { type DeviceFormMetadata, deviceFormMetadata } from '../../../src/slack/values/refresh.js';
import { md, mrkdwn, plain, quoted, truncate } from '../../shared/text.js';

export const deviceModelBlock = 'device_model';

/** A model as the device select offers it. */
export const deviceModelOption = (model: DeviceModel): PlainTextOption => ({
  text: plain(truncate(model.name, 75)),
  value: String(model.id),
});

/**
 * Which device replaces the one the customer found inadequate (SPEC §2.1: different-device
 * request). The catalog may hold more models than a select's 100 options, so they are searched.
 */
export function renderDeviceModal(choice: DeviceChoice, metadata: DeviceFormMetadata): ModalView {
  return {
    type: 'modal',
    callback_id: ids.ticketDeviceForm,
    title: plain(`Device for #${choice.ticketId}`, 24),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: deviceFormMetadata.encode(metadata),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          choice.reason
            ? md`The customer said the proposed model will not do:\n${quoted(choice.reason)}`
            : md`The customer said the proposed model will not do, and gave no reason.`,
        ),
      },
      {
        type: 'input',
        block_id: deviceModelBlock,
        label: plain('Device to order'),
        element: {
          type: 'external_select',
          action_id: ids.ticketDeviceModelOptions,
          min_query_length: 0,
          placeholder: plain('Type to search models'),
          ...(choice.current ? { initial_option: deviceModelOption(choice.current) } : {}),
        },
        hint: plain('Ordering, the manifest and its CSV count this device instead of the proposed one.'),
      },
    ],
  };
}
