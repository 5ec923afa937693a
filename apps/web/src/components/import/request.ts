/** The multipart body of POST /imports, and the pause between two progress requests. */
import type { ImportSession } from './words';

/** The list file and the session it belongs to, as the API reads them beside the file. */
export function importForm(file: File, s: ImportSession): FormData {
  const fd = new FormData();
  fd.append('file', file, file.name);
  fd.append('jurisdiction', s.jurisdiction);
  fd.append('channel', s.channel);
  fd.append('term', String(s.term));
  fd.append('session', String(s.session));
  fd.append('duringSession', String(s.duringSession));
  return fd;
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
