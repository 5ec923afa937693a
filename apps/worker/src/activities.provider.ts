import { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createCaseActivities } from '../../../activities';
import { BanliConfig, CONFIG } from '../../../libs/config/src';
import { Mailer, Outbox } from '../../../libs/mail/src';

export const ACTIVITIES = Symbol('ACTIVITIES');

/** The sending domain, for Message-IDs: taken from MAIL_FROM. */
function mailDomain(from: string): string {
  return /@([^>\s]+)/.exec(from)?.[1] ?? 'banli.local';
}

/** Activities are built from lib services by DI, then registered with the worker. */
export const activitiesProvider: Provider = {
  provide: ACTIVITIES,
  inject: [getDataSourceToken(), CONFIG, Mailer],
  useFactory: (ds: DataSource, cfg: BanliConfig, mailer: Mailer) => {
    const outbox = new Outbox(ds, mailer, { messageIdDomain: mailDomain(cfg.smtp.from) });
    const base = cfg.api.publicUrl;
    return createCaseActivities({
      dataSource: ds,
      outbox,
      caseLink: (caseId) => (caseId ? `${base}/proposals/${caseId}` : `${base}/proposals`),
      taskLink: (caseId, unitId) => `${base}/proposals/${caseId}?unit=${encodeURIComponent(unitId)}`,
      supervisorEmails: async () => [],
      retryBaseMs: cfg.mail.retryBaseSeconds * 1000,
      office: cfg.mail.officeName ? { name: cfg.mail.officeName, phone: cfg.mail.officePhone } : undefined,
    });
  },
};
