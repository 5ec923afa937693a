import { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createCaseActivities } from '../../../activities';

export const ACTIVITIES = Symbol('ACTIVITIES');

/** Activities are built from lib services by DI, then registered with the worker. */
export const activitiesProvider: Provider = {
  provide: ACTIVITIES,
  inject: [getDataSourceToken()],
  useFactory: (ds: DataSource) => createCaseActivities({ dataSource: ds }),
};
