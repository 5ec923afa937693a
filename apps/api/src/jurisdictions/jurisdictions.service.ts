import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JurisdictionStore, type JurisdictionPatch } from '@banli/persistence';
import type { Principal } from '../auth/principal';
import { notFound } from '../common/problem';
import { configActor, refusalsAsProblems } from '../policies/config-problems';
import { CreateJurisdictionDto, UpdateJurisdictionDto } from './jurisdiction.dto';

/** Jurisdictions (assigning offices) as data: shipped ones read-only, others created by administrators. */
@Injectable()
export class JurisdictionsService {
  readonly store: JurisdictionStore;

  constructor(@InjectDataSource() ds: DataSource) {
    this.store = JurisdictionStore.for(ds);
  }

  list() {
    return this.store.list();
  }

  /** One jurisdiction with the policy version its new cases start under (reply classes, sources). */
  async get(id: string) {
    const j = await this.store.find(id);
    if (!j) throw notFound('辖区 (jurisdiction)', id);
    const [entry, versions] = await Promise.all([
      this.store.policies.entry(j.policyId, j.policyVersion),
      this.store.policies.versions(j.policyId),
    ]);
    if (!entry) throw notFound('时限政策 (policy)', `${j.policyId} v${j.policyVersion}`);
    const p = entry.policy;
    return {
      ...j,
      policy: {
        id: p.id,
        version: p.version,
        latestVersion: versions[versions.length - 1] ?? p.version,
        name: p.name,
        nameEn: p.nameEn,
        channels: p.channels,
        replyClasses: p.replyClasses,
        sources: p.sources,
        shipped: entry.shipped,
      },
    };
  }

  async create(p: Principal, dto: CreateJurisdictionDto) {
    const j = await refusalsAsProblems(() =>
      this.store.create(
        {
          id: dto.id,
          name: dto.name,
          ...(dto.nameEn ? { nameEn: dto.nameEn } : {}),
          level: dto.level,
          channels: dto.channels,
          policyId: dto.policyId,
          ...(dto.policyVersion !== undefined ? { policyVersion: dto.policyVersion } : {}),
          calendarOverrides: dto.calendarOverrides ?? [],
          ...(dto.docNumberPattern ? { docNumberPattern: dto.docNumberPattern } : {}),
          ...(dto.indexNumberPattern ? { indexNumberPattern: dto.indexNumberPattern } : {}),
          escalationContacts: dto.escalationContacts ?? [],
        },
        configActor(p),
      ),
    );
    return this.get(j.id);
  }

  async update(p: Principal, id: string, dto: UpdateJurisdictionDto) {
    // an empty text clears an optional field, as null does
    const clear = (v: string | null | undefined) => (v === '' ? null : v);
    const patch: JurisdictionPatch = {
      ...dto,
      nameEn: clear(dto.nameEn),
      docNumberPattern: clear(dto.docNumberPattern),
      indexNumberPattern: clear(dto.indexNumberPattern),
    };
    await refusalsAsProblems(() => this.store.update(id, patch, configActor(p)));
    return this.get(id);
  }
}
