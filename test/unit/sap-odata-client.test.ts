import {
  SourceRejectedError,
  SourceUnavailableError,
  createSapODataClient,
} from '../../src/adapters/sap-odata-client';

const LIMIT = 64 * 1024;
const CHUNK = new Uint8Array(16 * 1024).fill(0x78);

/** A response streamed in 16 KiB chunks; `pulled` says how many bytes the reader asked for. */
function streamed(totalBytes: number, init: ResponseInit = {}) {
  const counter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= totalBytes) {
        controller.close();
        return;
      }
      const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, totalBytes - counter.pulled));
      counter.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { response: new Response(body, init), counter };
}

function client(response: Response) {
  return createSapODataClient(
    { baseUrl: 'http://sap.invalid/odata', timeoutMs: 1_000, maxResponseBytes: LIMIT },
    () => Promise.resolve(response),
  );
}

describe('SAP OData response size', () => {
  test('a body up to the limit is read whole', async () => {
    const { response } = streamed(LIMIT);
    await expect(client(response).get('A_BusinessPartner')).resolves.toHaveLength(LIMIT);
  });

  test('a longer body is not read to its end and fails as rejected, naming the limit', async () => {
    const { response, counter } = streamed(50 * 1024 * 1024);
    const failure = client(response).get('A_BusinessPartner');
    await expect(failure).rejects.toThrow(SourceRejectedError);
    await expect(failure).rejects.toThrow(
      'GET http://sap.invalid/odata/A_BusinessPartner: HTTP 200 response body is larger than 65536 bytes ' +
        '(SYNCHUB_SAP_MAX_RESPONSE_BYTES); the read was stopped there',
    );
    // The stream may run a chunk or two ahead of the reader, never far.
    expect(counter.pulled).toBeLessThanOrEqual(LIMIT + 4 * CHUNK.length);
  });

  test('a declared Content-Length above the limit is refused without reading', async () => {
    const { response, counter } = streamed(LIMIT + 1, { headers: { 'content-length': String(LIMIT + 1) } });
    await expect(client(response).get('A_BusinessPartner')).rejects.toThrow(SourceRejectedError);
    expect(counter.pulled).toBeLessThanOrEqual(CHUNK.length);
  });

  test('an error answer is classified by its status; only the start of its body is read', async () => {
    const { response, counter } = streamed(50 * 1024 * 1024, { status: 503 });
    await expect(client(response).get('A_BusinessPartner')).rejects.toThrow(SourceUnavailableError);
    expect(counter.pulled).toBeLessThanOrEqual(4 * CHUNK.length);
  });

  test('a body that breaks off while read is a transient failure', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    await expect(client(new Response(body)).get('A_BusinessPartner')).rejects.toThrow(
      /reading the response failed: socket hang up/,
    );
  });
});
