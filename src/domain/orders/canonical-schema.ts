import { z } from 'zod';
import type { ExtensionSegment } from '../idoc/extensions';

/*
 * zod schemas of the canonical building blocks shared by the order and delivery records (fields/units.ts,
 * fields/language.ts, idoc/extensions.ts). Objects are strict: a record must not carry keys the
 * interfaces do not declare.
 */

export const changeTypeSchema = z.enum(['upsert', 'delete']);

/** ISO date 'YYYY-MM-DD' (a real calendar date; '9999-12-31' = open-ended). */
export const isoDateSchema = z.iso.date();
/** Time 'HH:MM:SS'. */
export const isoTimeSchema = z.iso.time({ precision: 0 });
/** Local date-time 'YYYY-MM-DDTHH:MM:SS' (SAP sends server local time; the transforms add no zone). */
export const isoDateTimeSchema = z.iso.datetime({ local: true, precision: 0 });

export const unitCodeSchema = z.strictObject({ code: z.string().min(1), codeType: z.enum(['iso', 'sap']) });

export const measureSchema = z.strictObject({ value: z.number(), unit: unitCodeSchema.nullable() });

export const languageCodeSchema = z.strictObject({ iso: z.string().nullable(), sap: z.string().nullable() });

export const extensionSegmentSchema: z.ZodType<ExtensionSegment> = z.lazy(() =>
  z.strictObject({
    parent: z.string(),
    fields: z.record(z.string(), z.string()),
    segments: z.record(z.string(), z.array(extensionSegmentSchema)).optional(),
  }),
);

export const extensionsSchema = z.strictObject({
  fields: z.record(z.string(), z.string()),
  segments: z.record(z.string(), z.array(extensionSegmentSchema)),
});
