import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { BanliConfig } from '@banli/config';
import { CONFIG } from '@banli/config';
import { caseRefZh, sessionRefZh, type Channel } from '@banli/domain';
import { JurisdictionStore, ReplyEntity } from '@banli/persistence';
import { notFound } from '../common/problem';
import {
  FEED_ENTRIES,
  PublicJurisdictionQuery,
  PublicListQuery,
  PublicReplyDetailDto,
  PublicReplyDto,
  PublicReplyListDto,
  PublicSessionDto,
} from './public.dto';
import { excerpt, redactContacts } from './redact';

/** The feed's and the page's title. */
export const FEED_TITLE = '政协提案、人大建议答复公开';

/** The web page of one published reply (the workspace is hash-routed, like the links in mail). */
export function webReplyLink(publicUrl: string, replyId?: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  return replyId ? `${base}/#/public/replies/${encodeURIComponent(replyId)}` : `${base}/#/public`;
}

/** Text for XML character data and attribute values: escaped, without characters XML 1.0 forbids. */
export function xmlText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** The columns of a published reply the public may read: never contact data, signer, class or notes. */
const COLUMNS = [
  'r.id AS id',
  'r.title AS title',
  'r.doc_number AS docNumber',
  "DATE_FORMAT(r.letter_date, '%Y-%m-%d') AS letterDate",
  'r.signing_units AS signingUnits',
  'r.unit_id AS unitId',
  'r.index_no AS indexNo',
  'r.publisher AS publisher',
  'r.published_at AS publishedAt',
  'r.publication_method AS publicationMethod',
  'r.validity AS validity',
  'p.jurisdiction AS jurisdiction',
  'p.channel AS channel',
  'p.term AS term',
  'p.session AS session',
  'p.number AS number',
  'p.during_session AS duringSession',
  'p.title AS proposalTitle',
];

interface Row {
  id: string;
  title: string | null;
  docNumber: string | null;
  letterDate: string | null;
  signingUnits: string | null;
  unitId: string;
  indexNo: string | null;
  publisher: string | null;
  publishedAt: Date | string;
  publicationMethod: string | null;
  validity: string | null;
  jurisdiction: string;
  channel: Channel;
  term: number | string;
  session: number | string;
  number: string;
  duringSession: number | string | boolean;
  proposalTitle: string;
  text?: string;
}

/** Unit ids of a stored `signing_units` value (a JSON list), read in the application, not per row in SQL. */
function signingIds(value: string | null): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The public side of reply publication: published replies (kind `reply`, `published_at` set) with
 * their disclosure metadata, read through `idx_reply_published`. Contact data never leaves: only
 * the columns in COLUMNS are read, and the letter's text is redacted (redact.ts) before it does.
 */
@Injectable()
export class PublicService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CONFIG) private readonly cfg: BanliConfig,
  ) {}

  /** Published replies matching `q` (not paged, not ordered): the list, its count and the feed read it. */
  published(q: PublicListQuery): SelectQueryBuilder<ReplyEntity> {
    const qb = this.ds
      .getRepository(ReplyEntity)
      .createQueryBuilder('r')
      .innerJoin('proposal', 'p', 'p.id = r.proposal_id')
      .where("r.kind = 'reply'")
      .andWhere('r.published_at IS NOT NULL');
    if (q.jurisdiction) qb.andWhere('p.jurisdiction = :jurisdiction', { jurisdiction: q.jurisdiction });
    if (q.channel) qb.andWhere('p.channel = :channel', { channel: q.channel });
    if (q.term !== undefined) qb.andWhere('p.term = :term', { term: q.term });
    if (q.session !== undefined) qb.andWhere('p.session = :session', { session: q.session });
    const text = q.q?.trim();
    if (text) {
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        '(p.title LIKE :like OR r.title LIKE :like OR r.doc_number LIKE :like OR r.index_no LIKE :like' +
          ' OR EXISTS (SELECT 1 FROM unit su WHERE su.id = r.unit_id AND su.name LIKE :like))',
        { like },
      );
    }
    return qb;
  }

  /** One page of the list, newest published first. */
  listQuery(q: PublicListQuery): SelectQueryBuilder<ReplyEntity> {
    const page = q.page ?? 1;
    const size = q.size ?? 20;
    return this.published(q)
      .select(COLUMNS)
      .orderBy('r.published_at', 'DESC')
      .addOrderBy('r.proposal_id', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .offset((page - 1) * size)
      .limit(size);
  }

  async list(q: PublicListQuery): Promise<PublicReplyListDto> {
    const page = q.page ?? 1;
    const size = q.size ?? 20;
    const [rows, total, sessions] = await Promise.all([
      this.listQuery(q).getRawMany<Row>(),
      this.published(q).getCount(),
      this.sessions(q),
    ]);
    return { items: await this.items(rows), total, page, size, sessions };
  }

  /** One published reply with its redacted text; an unknown or unpublished id is the same 404. */
  async one(id: string): Promise<PublicReplyDetailDto> {
    const row = await this.published({})
      .select([...COLUMNS, 'r.text AS text'])
      .andWhere('r.id = :id', { id })
      .getRawOne<Row>();
    if (!row) throw notFound('已公开的答复', id);
    const [item] = await this.items([row]);
    return { ...item, text: redactContacts(row.text ?? '') };
  }

  /** The latest published replies as an Atom 1.0 feed. */
  async feed(q: PublicJurisdictionQuery, now = new Date()): Promise<string> {
    const rows = await this.published({ jurisdiction: q.jurisdiction })
      .select([...COLUMNS, 'r.text AS text'])
      .orderBy('r.published_at', 'DESC')
      .addOrderBy('r.proposal_id', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(FEED_ENTRIES)
      .getRawMany<Row>();
    const items = await this.items(rows);
    const base = this.cfg.api.publicUrl.replace(/\/+$/, '');
    const self = `${base}/public/feed.atom${q.jurisdiction ? `?jurisdiction=${encodeURIComponent(q.jurisdiction)}` : ''}`;
    const where = q.jurisdiction
      ? ((await JurisdictionStore.for(this.ds).nameOf(q.jurisdiction)) ?? q.jurisdiction)
      : null;
    const title = where ? `${where} ${FEED_TITLE}` : FEED_TITLE;
    const updated = items[0]?.publishedAt ?? now;
    const entries = items.map((item, i) => {
      const author = item.publisher ?? item.signingUnits[0] ?? item.jurisdiction.name;
      return [
        '  <entry>',
        `    <id>urn:uuid:${xmlText(item.id)}</id>`,
        `    <title>${xmlText(item.title)}</title>`,
        `    <updated>${item.publishedAt.toISOString()}</updated>`,
        `    <published>${item.publishedAt.toISOString()}</published>`,
        `    <link rel="alternate" type="text/html" href="${xmlText(webReplyLink(base, item.id))}"/>`,
        `    <author><name>${xmlText(author)}</name></author>`,
        `    <summary>${xmlText(excerpt(rows[i].text ?? '', 200))}</summary>`,
        '  </entry>',
      ].join('\n');
    });
    return [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
      `  <id>${xmlText(self)}</id>`,
      `  <title>${xmlText(title)}</title>`,
      `  <updated>${updated.toISOString()}</updated>`,
      `  <link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>`,
      `  <link rel="alternate" type="text/html" href="${xmlText(webReplyLink(base))}"/>`,
      `  <author><name>${xmlText(where ?? FEED_TITLE)}</name></author>`,
      ...entries,
      '</feed>',
      '',
    ].join('\n');
  }

  /** The sessions with published replies (under the jurisdiction and channel asked for), newest first. */
  private async sessions(q: PublicListQuery): Promise<PublicSessionDto[]> {
    const rows = await this.published({ jurisdiction: q.jurisdiction, channel: q.channel })
      .select([
        'p.jurisdiction AS jurisdiction',
        'p.channel AS channel',
        'p.term AS term',
        'p.session AS session',
        'COUNT(*) AS n',
      ])
      .groupBy('p.jurisdiction')
      .addGroupBy('p.channel')
      .addGroupBy('p.term')
      .addGroupBy('p.session')
      .orderBy('p.jurisdiction', 'ASC')
      .addOrderBy('p.channel', 'ASC')
      .addOrderBy('p.term', 'DESC')
      .addOrderBy('p.session', 'DESC')
      .getRawMany<{ jurisdiction: string; channel: Channel; term: string; session: string; n: string }>();
    const names = await JurisdictionStore.for(this.ds).names(rows.map((r) => r.jurisdiction));
    return rows.map((r) => ({
      jurisdiction: { id: r.jurisdiction, name: names.get(r.jurisdiction) ?? r.jurisdiction },
      channel: r.channel,
      term: Number(r.term),
      session: Number(r.session),
      label: sessionRefZh({ channel: r.channel, term: Number(r.term), session: Number(r.session) }),
      count: Number(r.n),
    }));
  }

  /** Rows as the public sees them: unit names for the signing units, the jurisdiction's name. */
  private async items(rows: Row[]): Promise<PublicReplyDto[]> {
    const signing = rows.map((r) => {
      const ids = signingIds(r.signingUnits);
      return ids.length ? ids : [r.unitId];
    });
    const unitIds = [...new Set(signing.flat())];
    const units = new Map<string, string>();
    if (unitIds.length) {
      const found: { id: string; name: string }[] = await this.ds
        .createQueryBuilder()
        .select(['u.id AS id', 'u.name AS name'])
        .from('unit', 'u')
        .where('u.id IN (:...ids)', { ids: unitIds })
        .getRawMany();
      for (const u of found) units.set(u.id, u.name);
    }
    const names = await JurisdictionStore.for(this.ds).names(rows.map((r) => r.jurisdiction));
    return rows.map((r, i) => {
      const citation = {
        channel: r.channel,
        term: Number(r.term),
        session: Number(r.session),
        number: r.number,
        duringSession: r.duringSession === true || Number(r.duringSession) === 1,
      };
      return {
        id: r.id,
        caseRef: caseRefZh(citation),
        channel: r.channel,
        jurisdiction: { id: r.jurisdiction, name: names.get(r.jurisdiction) ?? r.jurisdiction },
        term: citation.term,
        session: citation.session,
        number: r.number,
        proposalTitle: r.proposalTitle,
        title: r.title?.trim() || `${r.proposalTitle}的答复`,
        docNumber: r.docNumber,
        letterDate: r.letterDate,
        signingUnits: signing[i].map((id) => units.get(id)).filter((n): n is string => !!n),
        indexNo: r.indexNo,
        publisher: r.publisher,
        publishedAt: new Date(r.publishedAt),
        publicationMethod: r.publicationMethod,
        validity: r.validity,
      };
    });
  }
}
