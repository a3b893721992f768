import { Module } from '@nestjs/common';
import { TroubleshootingLogRepository } from './troubleshooting-log.repository';

@Module({ providers: [TroubleshootingLogRepository], exports: [TroubleshootingLogRepository] })
export class TroubleshootingLogModule {}
