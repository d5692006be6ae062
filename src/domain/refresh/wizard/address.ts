import { z } from 'zod';

/** A shipping address as stored on a ticket; `country` is `US` for the United States. */
export interface ShippingAddress {
  recipient: string;
  line1: string;
  line2?: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

/** The address as people write it, line by line: recipient, street, city with region and code, country. */
export function addressLines(a: ShippingAddress): string[] {
  return [a.recipient, a.line1, a.line2, `${a.city}, ${a.region} ${a.postalCode}`, a.country].filter(
    (line): line is string => Boolean(line),
  );
}

/** USPS codes: the states, DC, the territories and the military "states" packages ship to. */
export const usStateCodes = new Set([
  ...['AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS'],
  ...['KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY'],
  ...['NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV'],
  ...['WI', 'WY', 'DC', 'PR', 'GU', 'VI', 'AS', 'MP', 'AA', 'AE', 'AP'],
]);

const unitedStates = new Set(['us', 'usa', 'u.s.', 'u.s.a.', 'united states', 'united states of america']);

export const addressLimits = {
  recipient: 100,
  line1: 100,
  line2: 100,
  city: 60,
  region: 60,
  postalCode: 16,
  country: 56,
} as const;

const squeeze = (text: string) => text.trim().replace(/\s+/g, ' ');

const required = (max: number, missing: string) =>
  z
    .string()
    .transform(squeeze)
    .pipe(
      z
        .string()
        .min(1, { error: missing })
        .max(max, { error: `Use at most ${max} characters.` }),
    );

/**
 * Validates what a customer typed as a shipping address, one message per field; US addresses
 * need a two-letter state and a ZIP or ZIP+4.
 */
export const ShippingAddressInput = z
  .object({
    recipient: required(addressLimits.recipient, 'Enter who receives the package.'),
    line1: required(addressLimits.line1, 'Enter the street address.'),
    line2: z
      .string()
      .default('')
      .transform(squeeze)
      .pipe(z.string().max(addressLimits.line2, { error: `Use at most ${addressLimits.line2} characters.` })),
    city: required(addressLimits.city, 'Enter the city.'),
    region: required(addressLimits.region, 'Enter the state or region.'),
    postalCode: required(addressLimits.postalCode, 'Enter the postal code.'),
    country: required(addressLimits.country, 'Enter the country.'),
  })
  .transform((raw, ctx): ShippingAddress => {
    const isUs = unitedStates.has(raw.country.toLowerCase());
    const address: ShippingAddress = {
      recipient: raw.recipient,
      line1: raw.line1,
      ...(raw.line2 ? { line2: raw.line2 } : {}),
      city: raw.city,
      region: isUs ? raw.region.toUpperCase() : raw.region,
      postalCode: isUs ? raw.postalCode : raw.postalCode.toUpperCase(),
      country: isUs ? 'US' : raw.country,
    };
    if (isUs) {
      if (!usStateCodes.has(address.region)) {
        ctx.addIssue({
          code: 'custom',
          path: ['region'],
          message: 'Use the two-letter state code, e.g. MI.',
        });
      }
      if (!/^\d{5}(-\d{4})?$/.test(address.postalCode)) {
        ctx.addIssue({
          code: 'custom',
          path: ['postalCode'],
          message: 'Use a 5-digit ZIP code or ZIP+4, e.g. 48109 or 48109-1234.',
        });
      }
    } else if (!/^[A-Z0-9][A-Z0-9 -]*$/.test(address.postalCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['postalCode'],
        message: 'Use letters, digits, spaces and hyphens only.',
      });
    }
    return address;
  });
