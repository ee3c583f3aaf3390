import { SapDocumentError } from '../errors';
import { flagValue, sapDate, sapDecimal, textValue, isoUnit, type UnitCode } from '../fields';
import { expectedOf } from '../fields/invalid-value';
import { personalIdocField, VALUE_WITHHELD } from '../personal-fields';
import { childSegments, type Segment } from './segment';

/**
 * Reads typed fields of one segment. Every problem becomes a SapDocumentError naming the IDoc, the
 * segment (with the key of its entry where there is one) and the field, e.g.
 * "IDoc 0000000000123456: segment E1MARCM (plant 1010) field MMSTD: '20240231' is not a valid date". A personal
 * field's value is never quoted (see personal-fields.ts): "IDoc 0000000000123456: segment E1KNBKM (bank DE)
 * field KOVON (bank details valid-from) is not a valid date (expected YYYYMMDD) (value withheld: personal data)".
 */
export class SegmentReader {
  constructor(
    readonly segment: Segment,
    readonly docnum: string,
    /** Where the segment sits, for messages: 'segment E1MARAM', 'segment E1MARCM (plant 1010)'. */
    readonly label: string = `segment ${segment.name}`,
  ) {}

  /** A reader for a child segment; `key` names the entry, e.g. 'plant 1010'. */
  child(segment: Segment, key?: string): SegmentReader {
    return new SegmentReader(segment, this.docnum, `segment ${segment.name}${key ? ` (${key})` : ''}`);
  }

  /** The same segment, labelled with the key of its entry once known. */
  keyed(key: string): SegmentReader {
    return new SegmentReader(this.segment, this.docnum, `segment ${this.segment.name} (${key})`);
  }

  children(name: string): Segment[] {
    return childSegments(this.segment, name);
  }

  raw(field: string): string | undefined {
    return this.segment.fields.get(field);
  }

  text(field: string): string | null {
    return textValue(this.raw(field));
  }

  /** A field that must be present; MISSING_FIELD otherwise. */
  required(field: string): string {
    const text = this.text(field);
    if (text === null) throw this.missing(field);
    return text;
  }

  /** MISSING_FIELD for `field` (or 'A or B' when either would do). */
  missing(field: string): SapDocumentError {
    return new SapDocumentError('MISSING_FIELD', `IDoc ${this.docnum}: ${this.label} has no ${field}`, {
      docnum: this.docnum,
      segment: this.segment.name,
      field,
    });
  }

  flag(field: string): boolean {
    return this.parse(field, flagValue);
  }

  date(field: string): string | null {
    return this.parse(field, sapDate);
  }

  decimal(field: string): number | null {
    return this.parse(field, sapDecimal);
  }

  /** An IDoc unit field (ISO code). */
  unit(field: string): UnitCode | null {
    return isoUnit(this.raw(field));
  }

  /** Runs a field parser, turning its error into one that says where the value was. */
  parse<T>(field: string, parser: (raw: string | undefined) => T): T {
    const raw = this.raw(field);
    try {
      return parser(raw);
    } catch (error) {
      const personal = personalIdocField(this.segment.name, field);
      if (personal !== undefined) {
        const expected = expectedOf(error);
        throw this.invalid(field, raw ?? '', expected === undefined ? 'is not valid' : `is not ${expected}`);
      }
      throw this.invalid(field, raw ?? '', error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * INVALID_VALUE for `field`. `problem` must not quote a personal field's value: for one, the message says
   * what the field is and that its value is withheld, and the details carry no value.
   */
  invalid(field: string, value: string, problem: string): SapDocumentError {
    const personal = personalIdocField(this.segment.name, field);
    const where = `IDoc ${this.docnum}: ${this.label} field ${field}`;
    return new SapDocumentError(
      'INVALID_VALUE',
      personal === undefined ? `${where}: ${problem}` : `${where} (${personal}) ${problem} ${VALUE_WITHHELD}`,
      {
        docnum: this.docnum,
        segment: this.segment.name,
        field,
        ...(personal === undefined ? { value } : { personal: true }),
      },
    );
  }
}
