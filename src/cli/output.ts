/**
 * When the reader of the CLI's output goes away (`synchub changed material --since ... | head`), writing fails
 * with EPIPE. Like a Unix tool, the command then stops quietly: no stack trace, and the exit status the
 * command had so far (0 unless something had already failed). Any other stream error is a real failure.
 */
export function stopQuietlyWhenReaderCloses(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit();
  });
}
