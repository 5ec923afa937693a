/**
 * A reply letter (答复) or co-handling opinion (会办意见) as the API words it for the print view
 * (GET …/letter), its Word file (…/letter.docx, fetched with the session like every other call)
 * and where each is reached from a case.
 */
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { download } from '../dashboard/download';

/** The printed page's content (the documents library's LetterModel, as the API answers it). */
export type Letter = components['schemas']['LetterDto'];

export type Publication = components['schemas']['LetterViewDto']['publication'] & {};

/** GET …/letter: the letter, its round (replies), its publication and its recipients. */
export type LetterAnswer = components['schemas']['LetterViewDto'];

/** Which letter: a unit's reply of a round, or the case's n-th opinion (from 1). */
export type LetterRef =
  { caseId: string; unitId: string; round?: number } | { caseId: string; opinion: number };

/** The print view's page in the workspace. */
export function letterPage(ref: LetterRef): string {
  if ('opinion' in ref) return `/cases/${ref.caseId}/opinions/${ref.opinion}/letter`;
  return `/cases/${ref.caseId}/units/${ref.unitId}/letter${ref.round ? `?round=${ref.round}` : ''}`;
}

export async function fetchLetter(ref: LetterRef): Promise<LetterAnswer> {
  const res =
    'opinion' in ref
      ? await api.GET('/proposals/{id}/opinions/{no}/letter', {
          params: { path: { id: ref.caseId, no: ref.opinion } },
        })
      : await api.GET('/proposals/{id}/units/{unitId}/letter', {
          params: {
            path: { id: ref.caseId, unitId: ref.unitId },
            query: ref.round ? { round: ref.round } : {},
          },
        });
  return res.data as LetterAnswer;
}

/** Saves the letter as .docx under the server's file name; resolves with that name. */
export function downloadLetter(ref: LetterRef): Promise<string> {
  if ('opinion' in ref)
    return download(
      api.GET('/proposals/{id}/opinions/{no}/letter.docx', {
        params: { path: { id: ref.caseId, no: ref.opinion } },
        parseAs: 'blob',
      }),
      `会办意见-${ref.opinion}.docx`,
    );
  return download(
    api.GET('/proposals/{id}/units/{unitId}/letter.docx', {
      params: { path: { id: ref.caseId, unitId: ref.unitId }, query: ref.round ? { round: ref.round } : {} },
      parseAs: 'blob',
    }),
    '答复.docx',
  );
}

/** '2026-06-12' → 2026年6月12日 (GB/T 9704 writes the date with Arabic numerals). */
export function letterDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** The contact line under the date: （联系人：…，联系电话：…）. */
export function contactLine(c: Letter['contact']): string {
  const parts = [c?.person && `联系人：${c.person}`, c?.phone && `联系电话：${c.phone}`].filter(Boolean);
  return parts.length ? `（${parts.join('，')}）` : '';
}
