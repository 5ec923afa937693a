import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Accounts and their roles. */
@Module({ controllers: [UsersController], providers: [UsersService] })
export class UsersModule {}
