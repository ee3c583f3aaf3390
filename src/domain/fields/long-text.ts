/** One line of an SAPscript long text (`TDFORMAT` + `TDLINE`, lines of 70-72 characters). */
export interface TextLine {
  format?: string | null;
  line?: string | null;
}

/**
 * Joins SAPscript long-text lines into one text. Format '=' continues the previous line directly (a long
 * word split across lines), blank continues it after a space, '/' starts a new line, '*' or any other
 * paragraph format starts a new paragraph (newline); '/:' commands and '/*' comments are skipped.
 */
export function joinTextLines(lines: readonly TextLine[]): string {
  let text = '';
  let first = true;
  for (const { format, line } of lines) {
    const tag = format?.trim() ?? '';
    if (tag === '/:' || tag === '/*') continue;
    const content = (line ?? '').replace(/\s+$/, '');
    if (first) {
      text = content;
      first = false;
    } else if (tag === '=') {
      text += content;
    } else if (tag === '') {
      text += content === '' ? '' : ` ${content}`;
    } else {
      text += `\n${content}`;
    }
  }
  return text;
}
