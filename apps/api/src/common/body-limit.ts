/** Longest text of a reply (答复正文), in characters: the longest field the API reads. */
export const REPLY_TEXT_MAX = 200_000;

/**
 * Largest JSON body the API reads. The longest documented field is a reply's text, REPLY_TEXT_MAX
 * characters (content 100,000); a client may send each character as a six-byte \uXXXX escape, so
 * 200,000 × 6 bytes plus the other fields stays under 2 MiB. Larger bodies answer 413.
 */
export const JSON_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** The limit as people read it, e.g. 2 MB. */
export const JSON_BODY_LIMIT_TEXT = `${JSON_BODY_LIMIT_BYTES / (1024 * 1024)} MB`;
