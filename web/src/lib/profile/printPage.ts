/**
 * Running heads for a printed profile: the area's name and (for the demo) the synthetic label at
 * the top of every page after the first, the date, build and page number at the foot. CSS page
 * margin boxes cannot read the page's text, so the rule is written for each report and added to
 * the document while it is shown (browsers without margin boxes still print the first page's header).
 */
const cssString = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r]+/g, ' ')}"`;

export function runningHeads(options: { title: string; printed: string; build: string | null; synthetic: boolean }): string {
  const foot = `Printed ${options.printed}${options.build ? ` · AreaLens build ${options.build}` : ''}`;
  return `@media print {
  @page {
    @top-left { content: ${cssString(`AreaLens · ${options.title}`)}; font: 8pt system-ui, sans-serif; color: #4b5257; }
    ${options.synthetic ? `@top-right { content: ${cssString('Synthetic demo data — not real statistics')}; font: bold 8pt system-ui, sans-serif; color: #8a5a00; }` : ''}
    @bottom-left { content: ${cssString(foot)}; font: 8pt system-ui, sans-serif; color: #4b5257; }
    @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #4b5257; }
  }
  @page :first {
    @top-left { content: none; }
    @top-right { content: none; }
  }
}`;
}

/** Adds the rules to the document; the returned function takes them away. */
export function addPrintStyle(css: string): () => void {
  const style = document.createElement('style');
  style.dataset.printRunningHeads = '';
  style.textContent = css;
  document.head.append(style);
  return () => style.remove();
}
