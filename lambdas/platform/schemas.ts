/** zod building blocks shared by the domains' request and response schemas, matching PostgreSQL types. */
import * as z from 'zod/mini';

export const uuid = z.uuid();
/** PostgreSQL dates start at year 1 here (ISO year 0000 would be 1 BC) and UTC offsets end at ±15:59. */
const fromYearOne = (text: string) => !text.startsWith('0000');
const offsetInRange = (text: string) => {
  const offset = /([+-])(\d{2}):?(\d{2})?$/.exec(text.slice(19));
  return !offset || Number(offset[2]) <= 15;
};

/** timestamptz in and out: ISO 8601 with an offset or Z. */
export const timestamp = z.iso
  .datetime({ offset: true }).check(z.refine(fromYearOne, 'must be in year 0001 or later'), z.refine(offsetInRange, 'UTC offset must be between -15:59 and +15:59'));
/** date: YYYY-MM-DD. */
export const date = z.iso.date().check(z.refine(fromYearOne, 'must be in year 0001 or later'));
/**
 * time (without time zone): HH:MM[:SS[.ffffff]] in, HH:MM:SS[.ffffff] out. A
 * pattern, not `format: time`: RFC 3339's time needs an offset, which this
 * column has not. PostgreSQL keeps microseconds and rounds finer digits (so
 * 23:59:59.9999999 would become 24:00:00): at most 6.
 */
export const time = z.string().check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?$/, 'must be a time of day HH:MM or HH:MM:SS (at most 6 fractional digits), without an offset'));
export const textArray = z.array(z.string().check(z.maxLength(500))).check(z.maxLength(200));
export const jsonObject = z.record(z.string(), z.unknown());
/** PostgreSQL integer. */
export const int4 = z.int().check(z.minimum(-2147483648), z.maximum(2147483647));
export const nonNegativeInt = z.int().check(z.minimum(0), z.maximum(2147483647));
/** numeric(p,s) as an exact decimal string or a number with at most `scale` decimals below 10^(p-s). */
export function numeric(precision: number, scale: number) {
  const limit = 10 ** (precision - scale);
  return z.union([z.number(), z.string().check(z.regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number'))]).check(z.refine((v) => Math.abs(Number(v)) < limit, `must be below ${limit} in absolute value`), z.refine((v) => (String(v).split('.')[1]?.length ?? 0) <= scale, `must have at most ${scale} decimal places`));
}
/** Responses carry numeric as exact strings (see lambdas/platform/db). */
export const decimalString = z.string();
