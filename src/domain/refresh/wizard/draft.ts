import { z } from 'zod';
import type { ShippingAddress } from './address.js';
import { type WizardPageId, type WizardSetup, wizardPageIds, wizardPages } from './pages.js';

/** What a page's inputs hold, as typed: a text or a selected option's value, or several values. */
export const PageValues = z.record(z.string().max(64), z.union([z.string(), z.array(z.string())]));
export type PageValues = z.infer<typeof PageValues>;

/**
 * The wizard so far, kept on the ticket on every Next and Back so a customer who closes the
 * modal comes back to the page they were on with what they had entered.
 */
export const WizardDraft = z.object({
  page: z.enum(wizardPageIds),
  values: z.partialRecord(z.enum(wizardPageIds), PageValues),
});
export type WizardDraft = z.infer<typeof WizardDraft>;

/** What the ticket holds from an earlier walk (or from its creation), to pre-fill the pages. */
export interface TicketAnswersNow {
  building: string | null;
  room: string | null;
  shippingAddress: ShippingAddress | null;
  chosenModelId: number | null;
  differentDeviceRequested: boolean;
  differentDeviceReason: string | null;
  /** The ticket's peripherals; none yet means the config's bundle. */
  peripheralIds: readonly number[];
  softwareIds: readonly number[];
  /** Who a remote customer's package goes to, until they say otherwise. */
  customerName: string | null;
}

/** The values each page starts with when the customer has not entered any yet. */
export function prefilledValues(
  setup: WizardSetup,
  now: TicketAnswersNow,
): Partial<Record<WizardPageId, PageValues>> {
  const address = now.shippingAddress;
  const location: PageValues = {
    recipient: address?.recipient ?? now.customerName ?? '',
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    region: address?.region ?? '',
    postalCode: address?.postalCode ?? '',
    country: address?.country ?? 'US',
    // On-prem pre-fills the inventory's location for review (seed 000, timeline 4.3).
    building: now.building ?? setup.systemLocation.building ?? '',
    room: now.room ?? setup.systemLocation.room ?? '',
  };
  const device: PageValues = {
    model: now.differentDeviceRequested ? 'none' : String(now.chosenModelId ?? setup.proposedModel?.id ?? ''),
    fits: now.differentDeviceRequested ? 'no' : 'yes',
    reason: now.differentDeviceReason ?? '',
  };
  const peripherals: PageValues = {
    items: (now.peripheralIds.length > 0 ? now.peripheralIds : setup.bundle.map((item) => item.id)).map(
      String,
    ),
  };
  const software: PageValues = { items: now.softwareIds.map(String) };
  return { location, device, peripherals, software };
}

/** Where a customer resumes: their saved page if this config still has it, else the first page. */
export function resumeDraft(
  setup: WizardSetup,
  saved: unknown,
  now: TicketAnswersNow,
): { pages: WizardPageId[]; draft: WizardDraft } {
  const pages = wizardPages(setup);
  const parsed = WizardDraft.safeParse(saved);
  const prefilled = prefilledValues(setup, now);
  const values = { ...prefilled, ...(parsed.success ? parsed.data.values : {}) };
  const first = pages[0] ?? 'review';
  const page = parsed.success && pages.includes(parsed.data.page) ? parsed.data.page : first;
  return { pages, draft: { page, values } };
}

/** The page before or after `page`, staying put at either end. */
export function neighbourPage(
  pages: readonly WizardPageId[],
  page: WizardPageId,
  step: 1 | -1,
): WizardPageId {
  const index = pages.indexOf(page);
  if (index < 0) return pages[0] ?? page;
  return pages[Math.min(Math.max(index + step, 0), pages.length - 1)] ?? page;
}
