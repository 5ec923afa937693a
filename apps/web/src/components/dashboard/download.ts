/**
 * Saving a file the API made (a report or a list as .xlsx): fetched with the session's token like
 * every other call, then handed to the browser by an <a download> under the server's own file
 * name (RFC 5987 filename*, e.g. 逾期事项报表-2026-07-15.xlsx).
 */

/** The file name of a Content-Disposition header: filename* (UTF-8) first, then filename. */
export function fileNameOf(disposition: string | null | undefined): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''));
    } catch {
      /* a malformed escape: fall back to the plain name */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  const name = plain ? (plain[2] ?? plain[1]).trim() : '';
  return name || null;
}

/** Hands `blob` to the browser as a download named `name`. */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // the download has its own reference by now; the address is only freed later to be safe
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Awaits an openapi-fetch call made with parseAs: 'blob' (a refusal has already thrown an
 * ApiProblem) and saves its file under the server's name, else `fallback`. Returns the name.
 */
export async function download(
  call: Promise<{ data?: Blob; response: Response }>,
  fallback: string,
): Promise<string> {
  const { data, response } = await call;
  const name = fileNameOf(response.headers.get('content-disposition')) ?? fallback;
  save(data ?? new Blob([]), name);
  return name;
}
