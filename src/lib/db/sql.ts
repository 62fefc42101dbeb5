/** A PostgreSQL identifier in double quotes, for names that come from the catalog or the entities. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
