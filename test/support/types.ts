/** Response shapes the tests read, declared once. */

/** An RFC 9457 problem+json body as the API sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: Array<{ path: string; message: string }>;
}

/** A keyset list page. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
