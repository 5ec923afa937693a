import { Module } from '@nestjs/common';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';

/** 答复公开: the published replies, their feed, for everyone without signing in. */
@Module({ controllers: [PublicController], providers: [PublicService] })
export class PublicModule {}
