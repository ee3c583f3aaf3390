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
}

/** The entity does not exist at the source (404): retrying cannot help. */
export class SourceNotFoundError extends Error {
  override readonly name = 'SourceNotFoundError';
}

/** The source refused the request itself (400, 405, ...): retrying cannot help. */
export class SourceRejectedError extends Error {
  override readonly name = 'SourceRejectedError';
}

/** Unavailable, overloaded, unauthorised (credentials may be fixed), timed out: retried with backoff. */
export class SourceUnavailableError extends Error {
  override readonly name = 'SourceUnavailableError';
}

const RETRYABLE_STATUS = new Set([401, 403, 408, 409, 425, 429]);

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
      const body = await response.text();
      if (response.ok) return body;
      const summary = `GET ${url}: HTTP ${response.status} ${body.slice(0, 200).replace(/\s+/g, ' ')}`;
      if (response.status === 404) throw new SourceNotFoundError(summary);
      if (response.status >= 500 || RETRYABLE_STATUS.has(response.status))
        throw new SourceUnavailableError(summary);
      throw new SourceRejectedError(summary);
    },
  };
}
