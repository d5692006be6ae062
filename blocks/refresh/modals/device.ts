import type { ModalView } from '@slack/types';
import type { DeviceChoice } from '../../../src/services/refresh/ordering/record-ordered-device.js';
import { ids } from '../../../src/slack/ids.js';
import { type DeviceFormMetadata, deviceFormMetadata } from '../../../src/slack/values/refresh.js';
import { md, mrkdwn, plain, quoted, truncate } from '../../shared/text.js';

export const deviceModelBlock = 'device_model';

/** Which device replaces the one the customer found inadequate (SPEC §2.1: different-device request). */
export function renderDeviceModal(choice: DeviceChoice, metadata: DeviceFormMetadata): ModalView {
  const options = choice.models.map((m) => ({ text: plain(truncate(m.name, 75)), value: String(m.id) }));
  const current = options.find((o) => o.value === String(choice.current));
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
          type: 'static_select',
          action_id: deviceModelBlock,
          placeholder: plain('Choose a model'),
          options,
          ...(current ? { initial_option: current } : {}),
        },
        hint: plain('Ordering, the manifest and its CSV count this device instead of the proposed one.'),
      },
    ],
  };
}
