import { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createCaseActivities } from '@banli/activities';
import { BanliConfig, CONFIG } from '@banli/config';
import { Mailer, Outbox } from '@banli/mail';
import { createTaskLink, webCaseLink, webTaskLink } from '@banli/links';

/** Task links in mail stay valid for 30 days; later reminders carry fresh ones. */
const TASK_LINK_TTL_MS = 30 * 86_400_000;

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
      // the web page of the case (signing in first when needed), never the API's JSON
      caseLink: (caseId) => webCaseLink(base, caseId),
      // signed one-click link (open the task, sign for) for that unit and case only: the web
      // workspace's task page shows the task and signs for it in one click
      taskLink: (caseId, unitId) =>
        webTaskLink(
          base,
          createTaskLink(caseId, unitId, TASK_LINK_TTL_MS, { secret: cfg.auth.linkSecret }).token,
        ),
      retryBaseMs: cfg.mail.retryBaseSeconds * 1000,
      office: cfg.mail.officeName ? { name: cfg.mail.officeName, phone: cfg.mail.officePhone } : undefined,
    });
  },
};
