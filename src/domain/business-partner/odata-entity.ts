import { SapDocumentError } from '../errors';
import { isJsonObject, jsonKind } from '../events/json';
import { expectedOf } from '../fields/invalid-value';
import { isPersonalODataProperty, VALUE_WITHHELD } from '../personal-fields';
import {
  customFieldValue,
  odataDate,
  odataDateTime,
  odataFlag,
  odataLocalDateTime,
  odataText,
  odataTime,
} from './odata-values';
import type { CustomFieldValue } from './types';

/** Custom fields: key-user extensibility (YY1_), on-premise custom fields (ZZ1_) and appends (ZZ, YY). */
const CUSTOM_FIELD = /^(?:YY1_|ZZ1_|ZZ|YY)/;

/**
 * Reads typed properties of one OData V2 entity. Every problem becomes a SapDocumentError naming the entity
 * and the property, e.g. "OData A_BusinessPartner('1003764') property CreationDate: '/Date(x)/' is not an
 * OData date (...)". A personal property's value is never quoted (see personal-fields.ts): "... property
 * BirthDate is not an OData date (...) (value withheld: personal data)".
 */
export class ODataEntityReader {
  constructor(
    readonly entity: Record<string, unknown>,
    /** The entity for messages: "OData A_BusinessPartner('1003764')". */
    readonly label: string,
  ) {}

  raw(property: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.entity, property) ? this.entity[property] : undefined;
  }

  text(property: string): string | null {
    return this.parse(property, odataText);
  }

  /** A property that must be present and not blank; MISSING_FIELD otherwise. */
  required(property: string): string {
    const text = this.text(property);
    if (text === null) {
      throw new SapDocumentError('MISSING_FIELD', `${this.label} has no ${property}`, { field: property });
    }
    return text;
  }

  flag(property: string): boolean {
    return this.parse(property, odataFlag);
  }

  date(property: string): string | null {
    return this.parse(property, odataDate);
  }

  dateTime(property: string): string | null {
    return this.parse(property, odataDateTime);
  }

  time(property: string): string | null {
    return this.parse(property, odataTime);
  }

  /** A date property and a time property as one local date-time; null when the date is empty. */
  localDateTime(dateProperty: string, timeProperty: string): string | null {
    return odataLocalDateTime(this.date(dateProperty), this.time(timeProperty));
  }

  /** Custom fields (YY1_..., ZZ1_...) by name, in the entity's order. */
  customFields(): Record<string, CustomFieldValue> {
    const fields: Record<string, CustomFieldValue> = {};
    for (const property of Object.keys(this.entity)) {
      if (CUSTOM_FIELD.test(property)) fields[property] = this.parse(property, customFieldValue);
    }
    return fields;
  }

  /**
   * An expanded to-many navigation property: its entities, or null when it was not expanded ('__deferred'
   * or absent). Accepts the V2 form `{ results: [...] }` and a bare array.
   */
  expanded(property: string): Record<string, unknown>[] | null {
    const value = this.raw(property);
    if (value === undefined || value === null) return null;
    if (isJsonObject(value) && value.__deferred !== undefined && value.results === undefined) return null;
    const list = isJsonObject(value) ? value.results : value;
    if (!Array.isArray(list)) {
      throw this.invalid(property, `expected an expanded list ({"results": [...]}), got ${jsonKind(list)}`);
    }
    return list.map((entry, index) => {
      if (!isJsonObject(entry)) {
        throw this.invalid(property, `entry ${index + 1} is ${jsonKind(entry)}, not an entity`);
      }
      return entry;
    });
  }

  /** Runs a value parser, turning its error into one that says where the value was. */
  parse<T>(property: string, parser: (raw: unknown) => T): T {
    const raw = this.raw(property);
    try {
      return parser(raw);
    } catch (error) {
      if (isPersonalODataProperty(property)) {
        const expected = expectedOf(error);
        throw this.invalid(property, expected === undefined ? 'is not valid' : `is not ${expected}`, raw);
      }
      throw this.invalid(property, error instanceof Error ? error.message : String(error), raw);
    }
  }

  /**
   * INVALID_VALUE for `property`. `problem` must not quote a personal property's value: for one, the message
   * says its value is withheld, and the details carry no value.
   */
  invalid(property: string, problem: string, raw?: unknown): SapDocumentError {
    const personal = isPersonalODataProperty(property);
    const where = `${this.label} property ${property}`;
    return new SapDocumentError(
      'INVALID_VALUE',
      personal ? `${where} ${problem} ${VALUE_WITHHELD}` : `${where}: ${problem}`,
      {
        field: property,
        ...(personal ? { personal: true } : typeof raw === 'string' ? { value: raw } : {}),
      },
    );
  }
}
