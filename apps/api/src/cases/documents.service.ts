import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  endOfShanghaiDay,
  formatNumberPattern,
  numberPatternMatcher,
  PUBLICITY_LABELS,
  shanghaiDateOf,
  type CaseState,
  type Opinion,
  type ReplyRecord,
} from '@banli/domain';
import { replyTitle, sessionLabel, salutationFor, type LetterModel } from '@banli/documents';
import {
  PolicyStore,
  JurisdictionEntity,
  PartyEntity,
  ProposalEntity,
  ProposalPartyEntity,
  UnitEntity,
} from '@banli/persistence';
import { BanliProblem, notFound } from '../common/problem';
import type { Principal } from '../auth/principal';
import { UNIT_ROLES } from '../auth/principal';
import { UnitsService } from '../units/units.service';
import { CaseAccessService } from './case-access.service';

/** The short place word of a session label by the jurisdiction's level (市十三届人大五次会议). */
const PLACE: Record<string, string> = { national: '全国', province: '省', city: '市', county: '县' };

/** A letter ready to print or render, with what the screens show beside it. */
export interface LetterView {
  letter: LetterModel;
  round?: number;
  publication?: ReplyRecord['publication'];
  /**
   * Whom the reply is addressed to: every proposer (逐人答复, one letter each: ?proposerId=) or,
   * where the policy answers a joint proposal through its lead signer, the lead signer only.
   */
  recipients?: { id: string; name: string; salutation: string }[];
}

/**
 * Reply letters and co-handling opinions as documents (domain.md §4): the letter of a reply
 * record, worded as the seeds word it, and the numbering a unit's letters and a jurisdiction's
 * published replies follow.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly units: UnitsService,
  ) {}

  /** The letter of a unit's reply (default: its latest), addressed to one proposer (default: the first). */
  async replyLetter(p: Principal, caseId: string, unitId: string, round?: number, proposerId?: string) {
    const { proposal, state } = await this.load(p, caseId);
    const unit = state.units.find((u) => u.unitId === unitId);
    const reply =
      round === undefined
        ? unit?.replies[unit.replies.length - 1]
        : unit?.replies.find((r) => r.round === round);
    if (!unit || !reply)
      throw new BanliProblem(HttpStatus.NOT_FOUND, 'NOT_REPLIED', '该单位尚无此轮答复 (no such reply)', {
        unitId,
        round,
      });
    const all = await this.proposers(caseId);
    const policy = await PolicyStore.for(this.ds).find(proposal.policyId, proposal.policyVersion);
    const proposers = policy?.replyPerProposer === false ? all.slice(0, 1) : all;
    // a proposer reads the letter addressed to them (or, through the lead signer, the lead's)
    if (p.role === 'proposer')
      proposerId = proposers.some((x) => x.id === p.partyId) ? p.partyId! : undefined;
    const to = proposerId ? proposers.find((x) => x.id === proposerId) : proposers[0];
    if (proposerId && !to) throw notFound('收件的提出人', proposerId);
    const signing = reply.signingUnits?.length ? reply.signingUnits : [unitId];
    const names = await this.unitNames(signing);
    const title =
      reply.title ??
      replyTitle({
        unitNames: signing.map((id) => names[id] ?? id),
        channel: proposal.channel,
        sessionLabel: await this.sessionLabelOf(proposal),
        number: proposal.number,
        kind: 'reply',
      });
    const letter: LetterModel = {
      kind: 'reply',
      classMark: reply.class,
      ...(reply.docNumber ? { docNumber: reply.docNumber } : {}),
      title,
      salutation: to ? salutationFor({ kind: to.kind, name: to.name }) : '',
      body: reply.text,
      signingUnits: signing.map((id) => names[id] ?? id),
      date: reply.letterDate ?? shanghaiDateOf(reply.at),
      ...(reply.signerName ? { signer: { name: reply.signerName, title: reply.signerTitle } } : {}),
      ...(reply.contactPerson || reply.contactPhone
        ? { contact: { person: reply.contactPerson || undefined, phone: reply.contactPhone || undefined } }
        : {}),
      ...(reply.copies?.length ? { copies: reply.copies } : {}),
      ...(reply.publicity ? { publicity: PUBLICITY_LABELS[reply.publicity].zh } : {}),
    };
    const recipients = proposers.map((x) => ({
      id: x.id,
      name: x.name,
      salutation: salutationFor({ kind: x.kind, name: x.name }),
    }));
    return { letter, round: reply.round, publication: reply.publication, recipients } satisfies LetterView;
  }

  /** The letter of a co-handling opinion (会办意见), `no` counting from 1 in the case's opinions. */
  async opinionLetter(p: Principal, caseId: string, no: number): Promise<LetterView> {
    const { proposal, state } = await this.load(p, caseId);
    const o: Opinion | undefined = state.opinions[no - 1];
    if (!o)
      throw new BanliProblem(
        HttpStatus.NOT_FOUND,
        'OPINION_NOT_FOUND',
        `本件没有第 ${no} 份会办意见 (no such opinion)`,
        {
          no,
        },
      );
    const names = await this.unitNames([o.fromUnitId, o.toUnitId]);
    const from = names[o.fromUnitId] ?? o.fromUnitId;
    const title =
      o.title ??
      replyTitle({
        unitNames: [from],
        channel: proposal.channel,
        sessionLabel: await this.sessionLabelOf(proposal),
        number: proposal.number,
        kind: 'opinion',
      });
    const letter: LetterModel = {
      kind: 'opinion',
      ...(o.docNumber ? { docNumber: o.docNumber } : {}),
      title,
      salutation: names[o.toUnitId] ?? o.toUnitId,
      body: o.text,
      signingUnits: [from],
      date: o.letterDate ?? shanghaiDateOf(o.at),
      ...(o.signerName ? { signer: { name: o.signerName } } : {}),
      ...(o.contactPerson || o.contactPhone
        ? { contact: { person: o.contactPerson, phone: o.contactPhone } }
        : {}),
    };
    return { letter };
  }

  /**
   * The next 文号 of a unit's series (replies or co-handling opinions) in the current year: its
   * pattern with {seq} one above the highest number of that series already on a letter this year.
   */
  async nextDocNumber(unitId: string, kind: 'reply' | 'opinion', now = new Date()) {
    const unit = await this.ds.getRepository(UnitEntity).findOneBy({ id: unitId });
    if (!unit) throw notFound('单位', unitId);
    const pattern = kind === 'reply' ? unit.docNumberPattern : unit.opinionNumberPattern;
    const year = Number(shanghaiDateOf(now.toISOString()).slice(0, 4));
    if (!pattern) return { docNumber: null, seq: 1, year, pattern: null };
    const values = { year, unit: unit.shortName ?? unit.name, org: unit.code };
    const rows: { doc: string | null }[] = await this.ds.query(
      'SELECT doc_number AS doc FROM reply WHERE unit_id = ? AND kind = ? AND letter_date >= ? AND letter_date <= ? AND doc_number IS NOT NULL',
      [unitId, kind, `${year}-01-01`, `${year}-12-31`],
    );
    const re = numberPatternMatcher(pattern, values);
    let max = 0;
    for (const r of rows) {
      const m = r.doc ? re.exec(r.doc) : null;
      if (m) max = Math.max(max, Number(m[1]));
    }
    const seq = max + 1;
    return { docNumber: formatNumberPattern(pattern, { ...values, seq }), seq, year, pattern };
  }

  /**
   * 索引号 of the next reply published in the case's jurisdiction: its pattern (default
   * {org}-{year}-{seq:5}) with {org} the unit's code and {seq} one above this year's published count.
   */
  async nextIndexNo(p: Principal, caseId: string, unitId: string, now = new Date()): Promise<string> {
    await this.access.find(p, caseId);
    const proposal = await this.ds.getRepository(ProposalEntity).findOneByOrFail({ id: caseId });
    const j = await this.ds.getRepository(JurisdictionEntity).findOneBy({ id: proposal.jurisdiction });
    const unit = await this.ds.getRepository(UnitEntity).findOneBy({ id: unitId });
    const year = Number(shanghaiDateOf(now.toISOString()).slice(0, 4));
    const [{ n }] = await this.ds.query(
      'SELECT COUNT(*) AS n FROM reply r JOIN proposal p ON p.id = r.proposal_id ' +
        'WHERE r.published_at >= ? AND r.published_at < ? AND p.jurisdiction = ?',
      [
        new Date(endOfShanghaiDay(`${year - 1}-12-31`)),
        new Date(endOfShanghaiDay(`${year}-12-31`)),
        proposal.jurisdiction,
      ],
    );
    return formatNumberPattern(j?.indexNumberPattern ?? '{org}-{year}-{seq:5}', {
      org: unit?.code ?? unitId.slice(0, 8),
      unit: unit?.shortName ?? unit?.name ?? '',
      year,
      seq: Number(n) + 1,
    });
  }

  /** The unit's name, for 发布机构. */
  async unitName(unitId: string): Promise<string> {
    return (await this.units.nameOf(unitId)) ?? unitId;
  }

  private async load(p: Principal, caseId: string): Promise<{ proposal: ProposalEntity; state: CaseState }> {
    await this.access.find(p, caseId);
    const proposal = await this.ds
      .getRepository(ProposalEntity)
      .createQueryBuilder('p')
      .addSelect('p.snapshot')
      .where('p.id = :id', { id: caseId })
      .getOneOrFail();
    const state = JSON.parse((proposal as unknown as { snapshot: string }).snapshot ?? '{}') as CaseState;
    // a unit sees its own letters and the opinions sent to it; other units' drafts stay theirs
    if (UNIT_ROLES.includes(p.role) && !state.units?.some((u) => u.unitId === p.unitId))
      throw notFound('案件', caseId);
    return { proposal, state: { ...state, units: state.units ?? [], opinions: state.opinions ?? [] } };
  }

  private async proposers(caseId: string) {
    return this.ds
      .getRepository(ProposalPartyEntity)
      .createQueryBuilder('pp')
      .innerJoin(PartyEntity, 'party', 'party.id = pp.partyId')
      .select(['party.id AS id', 'party.name AS name', 'party.kind AS kind'])
      .where('pp.proposalId = :caseId', { caseId })
      .orderBy('pp.position', 'ASC')
      .getRawMany<{ id: string; name: string; kind: PartyEntity['kind'] }>();
  }

  /** Unit id → name (unknown ids are left out). */
  private async unitNames(ids: string[]): Promise<Record<string, string>> {
    const found = await this.units.lookup(ids);
    return Object.fromEntries([...found].map(([id, u]) => [id, u.name]));
  }

  private async sessionLabelOf(p: ProposalEntity): Promise<string> {
    const j = await this.ds.getRepository(JurisdictionEntity).findOneBy({ id: p.jurisdiction });
    return sessionLabel({
      channel: p.channel,
      place: PLACE[j?.level ?? 'city'] ?? '',
      term: p.term,
      session: p.session,
    });
  }
}
