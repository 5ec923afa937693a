/**
 * The shape of a case action: who may take it, when it is offered first, its form, what it asks
 * before an irreversible step, and the one API call it makes. The workflow, not the page, decides
 * whether it is allowed now and says why not.
 */
import type { ReplyDraft } from '@banli/domain/lifecycle';
import type { LABELS, UserRole } from '@banli/domain/vocabulary';
import type { CaseContext } from '../components/case/types';

export type { CaseContext };

export type FieldValue = string | boolean | string[];
export type Values = Record<string, FieldValue>;

export interface Option {
  value: string;
  label: string;
}

interface FieldBase {
  name: string;
  zh: string;
  en: string;
  hint?: string;
  required?: boolean;
  /** Shares a row with the next half-width field. */
  half?: boolean;
  /** Shown (and checked) only while the form's values meet this (e.g. a reason for 不予公开). */
  when?: (v: Values) => boolean;
}

/** A proposed value for a text field, asked when the form opens (e.g. the unit's next 文号). */
export interface Suggestion {
  value: string;
  /** What the proposal is, shown beside the field (建议文号). */
  note: string;
}

export type Field =
  | (FieldBase & {
      kind: 'text';
      maxlength?: number;
      initial?: string;
      /** Fills the field when it is still empty, and offers the value beside it. */
      suggest?: () => Promise<Suggestion | null>;
    })
  | (FieldBase & { kind: 'area'; rows?: number; maxlength?: number; initial?: string })
  | (FieldBase & { kind: 'select'; options: Option[]; initial?: string })
  | (FieldBase & { kind: 'radios'; options: Option[]; initial?: string })
  | (FieldBase & { kind: 'check'; initial?: boolean })
  /** A list of short texts typed one by one (抄送). */
  | (FieldBase & { kind: 'tags'; initial?: string[]; max?: number })
  | (FieldBase & { kind: 'date'; initial?: string })
  | (FieldBase & { kind: 'time'; initial?: string })
  /** The unit picker of 交办 (mode, units, lead). */
  | (FieldBase & { kind: 'units' });

/** What a form shows above its fields. */
export interface Notes {
  /** Plain lines (e.g. a pending request, how many contacts so far). */
  lines?: string[];
  /** What the workflow will still refuse for (shown as .needs). */
  needs?: string[];
  /** The reply draft to read before signing off or sending. */
  draft?: ReplyDraft;
  /** Whose draft it is, when not the reader's own unit (the lead's draft a co-handler countersigns). */
  draftOf?: string;
}

export interface ActionDef {
  /** Stable id: form.action[data-action=<id>]. */
  id: string;
  /** The command's name in the one label table (the action's Chinese name). */
  command: keyof typeof LABELS.action;
  /** English name of the button (the table's English words are for the audit trail). */
  en: string;
  /** The button's own Chinese name when it is not the command's (代为会签 is the office's 会签). */
  zh?: string;
  roles: readonly UserRole[];
  danger?: boolean;
  /** Offered first in this state (the others stay reachable under 其他操作). */
  primary: (c: CaseContext) => boolean;
  notes?: (c: CaseContext) => Notes | null;
  fields?: (c: CaseContext) => Field[];
  /** A refusal raised in the page before anything is sent (throws formProblem). */
  check?: (v: Values, c: CaseContext) => void;
  /** Irreversible: the question naming what will be recorded, asked in the page first. */
  confirm?: (v: Values, c: CaseContext) => string | null;
  /** The call; resolves once the workflow accepted it. */
  send: (v: Values, c: CaseContext) => Promise<unknown>;
  /** The success notice after the action's name. */
  done?: () => string;
}
