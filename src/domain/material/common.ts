import { measure, type Measure } from '../fields';
import { hasExtensions, type Extensions } from '../idoc/extensions';
import type { SegmentReader } from '../idoc/segment-reader';
import type { MaterialDimensions, MaterialEan, MaterialStatus } from './types';

export function statusOf(reader: SegmentReader, codeField: string, dateField: string): MaterialStatus | null {
  const code = reader.text(codeField);
  const validFrom = reader.date(dateField);
  return code === null && validFrom === null ? null : { code, validFrom };
}

export function eanOf(reader: SegmentReader, codeField: string, categoryField: string): MaterialEan | null {
  const code = reader.text(codeField);
  return code === null ? null : { code, category: reader.text(categoryField) };
}

/** LAENG/BREIT/HOEHE in MEABM; null when no dimension is sent or all are zero and no unit is given. */
export function dimensionsOf(reader: SegmentReader): MaterialDimensions | null {
  const length = reader.decimal('LAENG');
  const width = reader.decimal('BREIT');
  const height = reader.decimal('HOEHE');
  const unit = reader.unit('MEABM');
  if (length === null && width === null && height === null && unit === null) return null;
  return { length, width, height, unit };
}

export function measureOf(reader: SegmentReader, valueField: string, unitField: string): Measure | null {
  return measure(reader.decimal(valueField), reader.unit(unitField));
}

/** Adds `extensions` to an entry only when there are any (keeps entries small). */
export function withExtensions<T extends object>(
  entry: T,
  extensions: Extensions,
): T & { extensions?: Extensions } {
  return hasExtensions(extensions) ? { ...entry, extensions } : entry;
}
