/**
 * Typed keys of the Banli custom search attributes (names and types match libs/temporal's
 * SEARCH_ATTRIBUTES, which registers them on the server). Lists and overdue reports query these.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Display stage of the case (displayStage): UNDER_REVIEW … CLOSED, or the lead unit's stage. */
export const BanliStage = defineSearchAttributeKey('BanliStage', SearchAttributeType.KEYWORD);
/** Lead (or sole) unit id; unset for separate handling. */
export const BanliLeadUnit = defineSearchAttributeKey('BanliLeadUnit', SearchAttributeType.KEYWORD);
export const BanliJurisdiction = defineSearchAttributeKey('BanliJurisdiction', SearchAttributeType.KEYWORD);
export const BanliSession = defineSearchAttributeKey('BanliSession', SearchAttributeType.KEYWORD);
/** Earliest open duty due instant (objection/feedback windows excluded); unset when none or on hold. */
export const BanliNextDueAt = defineSearchAttributeKey('BanliNextDueAt', SearchAttributeType.DATETIME);
/** An open duty has been escalated as overdue. */
export const BanliOverdue = defineSearchAttributeKey('BanliOverdue', SearchAttributeType.BOOL);
export const BanliKeyCase = defineSearchAttributeKey('BanliKeyCase', SearchAttributeType.BOOL);
