/** Orders object names naturally, so node-2 comes before node-10. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
