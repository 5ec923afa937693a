/**
 * Addresses of the web workspace's pages, for links in mail. The workspace is hash-routed and
 * served at the API's public address; a page that needs a session sends the reader to sign in
 * and back to the page.
 */

/** The web page of a case (`#/cases/<id>`); the case list when `caseId` is empty. */
export function webCaseLink(publicUrl: string, caseId: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  return caseId ? `${base}/#/cases/${encodeURIComponent(caseId)}` : `${base}/#/cases`;
}

/** The one-click task page a signed link opens (`#/link/<token>`). */
export function webTaskLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/link/${token}`;
}
