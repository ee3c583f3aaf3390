import { z } from 'zod';
import type { ChangeType } from './entity';
import type { LanguageCode, Measure, UnitCode } from './fields';
import type { ExtensionSegment, Extensions } from './idoc/extensions';

/*
 * zod schemas of the canonical building blocks the entity schemas share (entity.ts, fields/units.ts,
 * fields/language.ts, idoc/extensions.ts), for material/schema.ts, party/schema.ts, customer/schema.ts,
 * vendor/schema.ts, orders/schema.ts, delivery/schema.ts and business-partner/schema.ts. Objects are strict:
 * a key the canonical types do not declare is a validation error. Absent values are null, never undefined
 * or empty: use `.nullable()` where the type allows null. The checks at the end fail the build when a schema
 * and its type drift apart, in either direction.
 */

/** A present value is never empty (the field readers turn blank into null). */
export const presentString = z.string().min(1);
/** A text field: present (never empty) or null. */
export const nullableString = presentString.nullable();

export const changeTypeSchema = z.enum(['upsert', 'delete']);

/** ISO date 'YYYY-MM-DD' (a real calendar date; '9999-12-31' = open-ended). */
export const isoDateSchema = z.iso.date();
/** Time 'HH:MM:SS'. */
export const isoTimeSchema = z.iso.time({ precision: 0 });
/** Local date-time 'YYYY-MM-DDTHH:MM:SS' (SAP sends server local time; the transforms add no zone). */
export const isoDateTimeSchema = z.iso.datetime({ local: true, precision: 0 });

/** UnitCode (fields/units.ts). */
export const unitCodeSchema = z.strictObject({ code: z.string().min(1), codeType: z.enum(['iso', 'sap']) });

/** Measure (fields/units.ts): a quantity with its unit, if the source sent one. */
export const measureSchema = z.strictObject({ value: z.number(), unit: unitCodeSchema.nullable() });

/** LanguageCode (fields/language.ts): each code present or null. */
export const languageCodeSchema = z.strictObject({ iso: nullableString, sap: nullableString });

const extensionFields = z.record(z.string(), z.string());

/** ExtensionSegment (idoc/extensions.ts), nested segments included. */
export const extensionSegmentSchema = z.strictObject({
  parent: z.string(),
  fields: extensionFields,
  get segments() {
    return z.record(z.string(), z.array(extensionSegmentSchema)).optional();
  },
});

/** Extensions (idoc/extensions.ts); entries that may carry them declare `extensionsSchema.optional()`. */
export const extensionsSchema = z.strictObject({
  fields: extensionFields,
  segments: z.record(z.string(), z.array(extensionSegmentSchema)),
});

/** A text of a master record (material long text, customer/vendor text): a header with its lines joined. */
export const masterDataTextSchema = z.strictObject({
  textId: nullableString,
  textObject: nullableString,
  language: languageCodeSchema.nullable(),
  text: z.string(),
  changeType: changeTypeSchema,
});

/** A text of an order or delivery document: a header with its lines joined. */
export const documentTextSchema = z.strictObject({
  textId: nullableString,
  language: languageCodeSchema.nullable(),
  text: z.string(),
});

/**
 * Postal code to fax: the address and contact fields that order partners (E1EDKA1 / E1EDPA1) and delivery
 * partners (E1ADRM1) both carry, in this order; the partner schemas spread it between their own fields.
 */
export const documentPartnerContactShape = {
  postalCode: nullableString,
  city: nullableString,
  district: nullableString,
  region: nullableString,
  country: nullableString,
  language: languageCodeSchema.nullable(),
  phone: nullableString,
  fax: nullableString,
};

/** true when A and B are mutually assignable: used for compile-time checks that a schema matches its type. */
export type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/* Compile-time checks: what the schemas accept is exactly the canonical types (both directions). */
const _changeTypeMatches: SameType<z.infer<typeof changeTypeSchema>, ChangeType> = true;
const _unitCodeMatches: SameType<z.infer<typeof unitCodeSchema>, UnitCode> = true;
const _measureMatches: SameType<z.infer<typeof measureSchema>, Measure> = true;
const _languageCodeMatches: SameType<z.infer<typeof languageCodeSchema>, LanguageCode> = true;
const _extensionSegmentMatches: SameType<z.infer<typeof extensionSegmentSchema>, ExtensionSegment> = true;
const _extensionsMatch: SameType<z.infer<typeof extensionsSchema>, Extensions> = true;
