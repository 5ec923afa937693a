// Listed explicitly so ts-node, jest and the compiled build all load the same set in order.
import { CoreSchema1795251624873 } from './1795251624873-CoreSchema';
import { CalendarData1795251859514 } from './1795251859514-CalendarData';
import { UsersAndUnitContacts1795252800153 } from './1795252800153-UsersAndUnitContacts';
import { ImportJobsAndSuggestedUnits1795253467452 } from './1795253467452-ImportJobsAndSuggestedUnits';
import { OutboxResend1795262400000 } from './1795262400000-OutboxResend';
import { UserSessionsValidFrom1795266000000 } from './1795266000000-UserSessionsValidFrom';
import { OneOverdue1795270000000 } from './1795270000000-OneOverdue';
import { ReportFacts1795280000000 } from './1795280000000-ReportFacts';
import { Jurisdictions1795290000000 } from './1795290000000-Jurisdictions';
import { ImportFiles1795300000000 } from './1795300000000-ImportFiles';
import { Documents1795310000000 } from './1795310000000-Documents';
import { OverdueDutyColumns1795320000000 } from './1795320000000-OverdueDutyColumns';
import { ReportFactTable1795330000000 } from './1795330000000-ReportFactTable';
import { ReportTotalTable1795340000000 } from './1795340000000-ReportTotalTable';

export const MIGRATIONS: Function[] = [
  CoreSchema1795251624873,
  CalendarData1795251859514,
  UsersAndUnitContacts1795252800153,
  ImportJobsAndSuggestedUnits1795253467452,
  OutboxResend1795262400000,
  UserSessionsValidFrom1795266000000,
  OneOverdue1795270000000,
  ReportFacts1795280000000,
  Jurisdictions1795290000000,
  ImportFiles1795300000000,
  Documents1795310000000,
  OverdueDutyColumns1795320000000,
  ReportFactTable1795330000000,
  ReportTotalTable1795340000000,
];
