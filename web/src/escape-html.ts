/**
 * Escapes text for the HTML of chart tooltips (ECharts formatters return markup).
 * @module
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
