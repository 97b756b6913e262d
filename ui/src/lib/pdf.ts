// pdf.js, loaded only when a pack is previewed (it is large; the meeting list
// must not wait for it). Its worker is a file of the app's own bundle, so the
// CSP needs `worker-src 'self'` and nothing more (SECURITY.md).

import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;

/** A bookmark of the pack: its title, the page it goes to (1-based, or
 * null if its destination names no page) and the bookmarks under it. */
export type Bookmark = { title: string; page: number | null; items: Bookmark[] };

/** Opens the PDF in `bytes` (the array is handed to the worker). */
export function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({
    data: bytes,
    // The CSP allows no eval; no fonts, maps or decoders are fetched.
    isEvalSupported: false,
    disableFontFace: false,
    useSystemFonts: false,
    stopAtErrors: false,
    enableXfa: false,
  }).promise;
}

/** The pack's bookmarks, each with the page it opens. */
export async function bookmarks(doc: PDFDocumentProxy): Promise<Bookmark[]> {
  const outline = (await doc.getOutline()) ?? [];
  type Node = { title: string; dest: string | unknown[] | null; items: Node[] };
  async function page(dest: Node["dest"]): Promise<number | null> {
    const explicit = typeof dest === "string" ? await doc.getDestination(dest) : dest;
    const ref = explicit?.[0];
    if (ref === undefined || ref === null) return null;
    if (typeof ref === "number") return ref + 1;
    try {
      return (await doc.getPageIndex(ref as Parameters<PDFDocumentProxy["getPageIndex"]>[0])) + 1;
    } catch {
      return null;
    }
  }
  async function walk(nodes: Node[]): Promise<Bookmark[]> {
    return Promise.all(
      nodes.map(async (n) => ({ title: n.title, page: await page(n.dest), items: await walk(n.items ?? []) })),
    );
  }
  return walk(outline as unknown as Node[]);
}

/** Draws page `number` (1-based) of `doc` on `canvas`, `width` CSS pixels wide. */
export async function renderPage(
  doc: PDFDocumentProxy,
  number: number,
  canvas: HTMLCanvasElement,
  width: number,
): Promise<void> {
  const page = await doc.getPage(number);
  const unscaled = page.getViewport({ scale: 1 });
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: (width / unscaled.width) * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
  canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("the page cannot be drawn: no 2D canvas");
  await page.render({ canvas, canvasContext: context, viewport }).promise;
}
