/**
 * A reply letter (答复) or a co-handler's opinion (会办意见) as a document: everything the printed
 * page shows, already worded. Built from a case's reply record by the API; rendered to .docx by
 * letterDocx and to the web's print view.
 */
export interface LetterModel {
  kind: 'reply' | 'opinion';
  /** Class mark (答复类别), printed at the top right of the first page, e.g. 'A' or '甲'. */
  classMark?: string;
  /** 文号, e.g. 杭民函〔2020〕65号. */
  docNumber?: string;
  /** The full title as printed, e.g. 杭州市民政局关于市十三届人大五次会议建9号建议的答复. */
  title: string;
  /** Salutation line without the colon, e.g. 王征代表, 九三学社辽源市委员会. */
  salutation: string;
  /** Body text; paragraphs separated by line breaks. Includes the closing words of thanks. */
  body: string;
  /** Signing units in order (lead first), printed side by side above the date. */
  signingUnits: string[];
  /** Date of the letter, YYYY-MM-DD (printed 2020年6月12日). */
  date: string;
  /** The leader who signed (签发人), e.g. { name: '张三', title: '局长' }. */
  signer?: { name: string; title?: string };
  /** 联系人 and 联系电话. */
  contact?: { person?: string; phone?: string };
  /** 抄送 recipients. */
  copies?: string[];
  /** 公开属性 as printed, e.g. 主动公开 / 依申请公开 / 不予公开. */
  publicity?: string;
}
