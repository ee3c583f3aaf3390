import type { Command } from 'commander';

export function registerTransformCommand(program: Command): void {
  program
    .command('transform')
    .description(
      'print the canonical record of every business entity in an SAP document (IDoc XML, OData response, ' +
        'business events), one JSON object per line; exit 2 with "error: ..." on stderr for a document that ' +
        'cannot be accepted',
    )
    .argument('<file>', 'the document, or - for standard input')
    .option(
      '--odata-url <url>',
      'API_BUSINESS_PARTNER base URL for business events (default: SYNCHUB_SAP_ODATA_URL)',
    )
    .action(async (file: string, options: { odataUrl?: string }) => {
      // The SAP parsers load only when a document is transformed.
      const { runTransform } = await import('./transform-document');
      await runTransform(file, options);
    });
}
