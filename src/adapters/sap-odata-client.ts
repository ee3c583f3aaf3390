/** Reads SAP OData services (e.g. API_BUSINESS_PARTNER) over HTTP. */
export interface SapODataClient {
  /** GET `path` relative to the configured base URL; resolves with the response body. */
  get(path: string): Promise<string>;
}

export interface SapODataSettings {
  baseUrl: string;
  username?: string;
  password?: string;
  /** SAP API Business Hub style key, sent as the `APIKey` header. */
  apiKey?: string;
  timeoutMs: number;
  /** Longest response body read; the read is aborted beyond it. */
  maxResponseBytes: number;
}

/** The entity does not exist at the source (404): retrying cannot help. */
export class SourceNotFoundError extends Error {
  override readonly name = 'SourceNotFoundError';
}

/** The source refused the request itself (400, 405, ...) or answered beyond the size limit: retrying cannot help. */
export class SourceRejectedError extends Error {
  override readonly name = 'SourceRejectedError';
}

/** Unavailable, overloaded, unauthorised (credentials may be fixed), timed out: retried with backoff. */
export class SourceUnavailableError extends Error {
  override readonly name = 'SourceUnavailableError';
}

const RETRYABLE_STATUS = new Set([401, 403, 408, 409, 425, 429]);

/** Of an error response only the start is read: its status decides, the text only explains. */
const ERROR_BODY_BYTES = 4096;

/** A response body as read: `complete` false when it was longer than allowed (`text` is then its start). */
interface LimitedBody {
  text: string;
  complete: boolean;
}

/**
 * Reads a response body up to `limit` bytes and stops there (the rest is never buffered): a declared
 * Content-Length above the limit is not read at all. Decoded as UTF-8, like `Response.text()`.
 */
async function readLimited(response: Response, limit: number): Promise<LimitedBody> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (response.body === null) return { text: '', complete: true };
  if (declared > limit) {
    await response.body.cancel();
    return { text: '', complete: false };
  }
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - bytes));
      await reader.cancel();
      return { text: new TextDecoder().decode(Buffer.concat(chunks)), complete: false };
    }
    chunks.push(value);
    bytes += value.byteLength;
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), complete: true };
}

export function createSapODataClient(
  settings: SapODataSettings,
  fetchImpl: typeof fetch = fetch,
): SapODataClient {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (settings.username !== undefined) {
    const token = Buffer.from(`${settings.username}:${settings.password ?? ''}`).toString('base64');
    headers.Authorization = `Basic ${token}`;
  }
  if (settings.apiKey !== undefined) headers.APIKey = settings.apiKey;

  return {
    async get(path) {
      const url = `${base}/${path.replace(/^\/+/, '')}`;
      let response: Response;
      try {
        response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(settings.timeoutMs) });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new SourceUnavailableError(`GET ${url} failed: ${reason}`);
      }
      let body: LimitedBody;
      try {
        body = await readLimited(response, response.ok ? settings.maxResponseBytes : ERROR_BODY_BYTES);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new SourceUnavailableError(`GET ${url}: reading the response failed: ${reason}`);
      }
      if (response.ok && body.complete) return body.text;
      if (response.ok) {
        // The same request brings the same oversized answer: not retried, the change waits for an operator.
        throw new SourceRejectedError(
          `GET ${url}: HTTP ${response.status} response body is larger than ${settings.maxResponseBytes} ` +
            'bytes (SYNCHUB_SAP_MAX_RESPONSE_BYTES); the read was stopped there',
        );
      }
      const summary = `GET ${url}: HTTP ${response.status} ${body.text.slice(0, 200).replace(/\s+/g, ' ')}`;
      if (response.status === 404) throw new SourceNotFoundError(summary);
      if (response.status >= 500 || RETRYABLE_STATUS.has(response.status))
        throw new SourceUnavailableError(summary);
      throw new SourceRejectedError(summary);
    },
  };
}
