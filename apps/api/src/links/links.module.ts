import { Module } from '@nestjs/common';
import { LinksController } from './links.controller';
import { LinksService } from './links.service';

/** One-click task links from mail: open the task, sign for it. */
@Module({ controllers: [LinksController], providers: [LinksService] })
export class LinksModule {}
