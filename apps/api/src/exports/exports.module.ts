import { Module } from '@nestjs/common';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** The staff exports (issue 14 item 4). */
@Module({ controllers: [ExportsController], providers: [ExportsService], exports: [ExportsService] })
export class ExportsModule {}
