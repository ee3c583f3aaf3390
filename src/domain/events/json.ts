import { MAX_NESTING_DEPTH, SapDocumentError } from '../errors';

/** Where a JSON text stops being JSON: 0-based offset, 1-based line and column. */
export interface JsonErrorPosition {
  offset: number;
  line: number;
  column: number;
}

type ScanState = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function isJsonBlank(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

/**
 * End offset (exclusive) of the JSON string starting at `start` (a '"'); when the string is not valid, the
 * offset of the first bad character encoded as `-(offset + 1)` (always negative).
 */
function scanString(text: string, start: number): number {
  const bad = (offset: number): number => -(offset + 1);
  let index = start + 1;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"') return index + 1;
    if (char === '\\') {
      const escaped = text[index + 1];
      if (escaped === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return bad(index + 1);
        index += 6;
        continue;
      }
      if (escaped === undefined || !ESCAPES.has(escaped)) return bad(index + 1);
      index += 2;
      continue;
    }
    if (char.charCodeAt(0) < 0x20) return bad(index);
    index += 1;
  }
  return bad(text.length);
}

/**
 * Offset of the first character where `text` is not JSON (RFC 8259), or -1 when it is JSON. Iterative (an
 * explicit stack), so deeply nested input cannot overflow the call stack. Node 20's JSON.parse reports no
 * position for most errors; this gives one for every error.
 */
export function jsonErrorOffset(text: string): number {
  const stack: Array<'{' | '['> = [];
  let state: ScanState = 'value';
  let index = 0;
  for (;;) {
    while (index < text.length && isJsonBlank(text[index]!)) index += 1;
    if (index >= text.length) return state === 'after' && stack.length === 0 ? -1 : text.length;
    const char = text[index]!;
    switch (state) {
      case 'value':
      case 'valueOrClose': {
        if (state === 'valueOrClose' && char === ']') {
          stack.pop();
          index += 1;
          state = 'after';
        } else if (char === '{') {
          stack.push('{');
          index += 1;
          state = 'keyOrClose';
        } else if (char === '[') {
          stack.push('[');
          index += 1;
          state = 'valueOrClose';
        } else if (char === '"') {
          const end = scanString(text, index);
          if (end < 0) return -end - 1;
          index = end;
          state = 'after';
        } else if (char === '-' || (char >= '0' && char <= '9')) {
          NUMBER.lastIndex = index;
          const match = NUMBER.exec(text);
          if (match === null) return index + 1;
          index += match[0].length;
          state = 'after';
        } else {
          const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, index));
          if (literal === undefined) return index;
          index += literal.length;
          state = 'after';
        }
        break;
      }
      case 'key':
      case 'keyOrClose': {
        if (state === 'keyOrClose' && char === '}') {
          stack.pop();
          index += 1;
          state = 'after';
        } else if (char === '"') {
          const end = scanString(text, index);
          if (end < 0) return -end - 1;
          index = end;
          state = 'colon';
        } else {
          return index;
        }
        break;
      }
      case 'colon': {
        if (char !== ':') return index;
        index += 1;
        state = 'value';
        break;
      }
      case 'after': {
        const top = stack[stack.length - 1];
        if (top === undefined) return index;
        if (char === ',') {
          index += 1;
          state = top === '{' ? 'key' : 'value';
        } else if ((char === '}' && top === '{') || (char === ']' && top === '[')) {
          stack.pop();
          index += 1;
        } else {
          return index;
        }
        break;
      }
    }
  }
}

/** 1-based line and column of `offset` in `text`. */
export function jsonPosition(text: string, offset: number): JsonErrorPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { offset, line, column: offset - before.lastIndexOf('\n') };
}

function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'unexpected end of input';
  const char = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  return `unexpected ${JSON.stringify(char)}`;
}

/**
 * Refuses objects and arrays nested more than MAX_NESTING_DEPTH deep, in one linear pass (strings skipped),
 * so no recursive code (JSON.stringify, validation) ever sees such a value.
 */
function checkJsonNesting(source: string, what: string): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < source.length; index += 1) {
    const char = source.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > MAX_NESTING_DEPTH) {
        const position = jsonPosition(source, index);
        throw new SapDocumentError(
          'NESTING_TOO_DEEP',
          `${what} nests objects and arrays more than ${MAX_NESTING_DEPTH} deep (at line ${position.line}, ` +
            `column ${position.column}); SAP's JSON nests a handful of levels`,
          { limit: MAX_NESTING_DEPTH, ...position },
        );
      }
    } else if (char === 0x7d || char === 0x5d) {
      depth -= 1;
    }
  }
}

/**
 * Parses a JSON text. Throws SapDocumentError MALFORMED_JSON naming `what` and, for syntax errors, the line
 * and column ('OData response is not valid JSON: unexpected "}" at line 3, column 7'). Text that looks like
 * XML (an IDoc sent where JSON was expected) says so. NESTING_TOO_DEEP beyond MAX_NESTING_DEPTH levels.
 */
export function parseJsonText(text: string, what: string): unknown {
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') {
    throw new SapDocumentError('MALFORMED_JSON', `${what} is not valid JSON: the payload is empty`, {
      reason: 'empty',
    });
  }
  checkJsonNesting(source, what);
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    const offset = jsonErrorOffset(source);
    const position = offset >= 0 ? jsonPosition(source, offset) : undefined;
    const where = position ? ` at line ${position.line}, column ${position.column}` : '';
    if (source.trimStart().startsWith('<')) {
      throw new SapDocumentError(
        'MALFORMED_JSON',
        `${what} is not valid JSON: it looks like XML (starts with '<'${where}), e.g. an IDoc sent where JSON was expected`,
        { reason: 'xml', ...position },
      );
    }
    const problem = position
      ? describeChar(source, position.offset)
      : error instanceof Error
        ? error.message
        : String(error);
    throw new SapDocumentError('MALFORMED_JSON', `${what} is not valid JSON: ${problem}${where}`, {
      reason: 'syntax',
      ...position,
    });
  }
}

/** A JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 'a string', 'a number', 'null', 'an array', ... for messages. */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'nothing';
  return `a ${typeof value}`;
}
