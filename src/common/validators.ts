import { applyDecorators } from '@nestjs/common';
import { IsISO4217CurrencyCode, IsNotIn, Matches } from 'class-validator';

/** A name a person can read: not empty, not only spaces (tabs, newlines, NBSP…). */
export const IsNotBlank = () =>
  Matches(/\S/u, { message: ({ property }) => `${property} must not be blank` });

/**
 * ISO 4217 codes that are not money a ticket can be priced in: precious metals, bond-market units,
 * SDR, the testing code and "no currency". (XAF, XOF, XCD and XPF are real currencies and allowed.)
 */
export const NON_CURRENCY_CODES = [
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
];

/** An ISO 4217 currency code in upper case, one that names money. */
export const IsCurrency = () =>
  applyDecorators(
    Matches(/^[A-Z]{3}$/, {
      message: ({ property }) => `${property} must be three upper-case letters (ISO 4217)`,
    }),
    IsISO4217CurrencyCode(),
    IsNotIn(NON_CURRENCY_CODES, {
      message: ({ property }) =>
        `${property} must be a currency (not a metal, unit, test or "no currency" code)`,
    }),
  );
