/** Largest colspan/rowspan read: each spanned column is a `<col>` in rendered HTML. */
export const MAX_TABLE_SPAN = 100;

/** Table cell attributes as renderers can take them: spans 1..MAX_TABLE_SPAN, widths per column. */
export function fitCellAttrs(attrs: Record<string, unknown>): void {
  for (const key of ['colspan', 'rowspan'] as const) {
    const v = attrs[key];
    if (v !== undefined)
      attrs[key] = Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_TABLE_SPAN ? v : 1;
  }
  const widths = attrs.colwidth;
  if (widths !== undefined && widths !== null) {
    const span = typeof attrs.colspan === 'number' ? attrs.colspan : 1;
    const ok =
      Array.isArray(widths) &&
      widths.length <= span &&
      widths.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0 && w <= 10_000);
    if (!ok) attrs.colwidth = null;
  }
}

export const CELL_TYPES: ReadonlySet<string> = new Set(['tableCell', 'tableHeader']);
