/** Epoch ms of an instant given as ISO 8601, as epoch ms, or as epoch ms in digits (a query string). */
export const epochMs = (t: string | number): number =>
  typeof t === 'number' || /^\d+$/.test(t) ? Number(t) : Date.parse(t);
