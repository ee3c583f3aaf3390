/** A document stored aside (claim check) because it is too large to travel inside Temporal payloads. */
export interface PayloadRef {
  store: 'dynamodb';
  sha256: string;
  bytes: number;
  chunks: number;
}

/** A change's document: inline when small, by reference when large. */
export type DocumentBody =
  { payload: string; payloadRef?: undefined } | { payload?: undefined; payloadRef: PayloadRef };
