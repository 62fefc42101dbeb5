/** `532 B`, `12.4 KiB`, `3.1 MiB` — a file size the operator reads at a glance, in their locale. */
export function formatByteSize(bytes: number, locale = 'en-US'): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  return `${number} ${units[unit]}`;
}
