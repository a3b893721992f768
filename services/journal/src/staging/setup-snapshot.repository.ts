import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { ExchangeRate, LedgerPeriod, SetupSnapshot } from '../domain';

interface SetupData {
  kind: string;
  legalEntity?: string;
  accountingCurrency?: string;
  projectId?: string;
  start?: string;
  end?: string;
  status?: 'Open' | 'Closed';
  fromCurrency?: string;
  toCurrency?: string;
  date?: string;
  rate?: string;
}

const day = (value: string | undefined) => (value ?? '').slice(0, 10);

/** Setup data is small (entities, projects, periods, rates): each run reads it whole, once. */
@Injectable()
export class SetupSnapshotRepository {
  async load(runner: Pick<QueryRunner, 'query'>): Promise<SetupSnapshot> {
    const rows = (await runner.query(`SELECT data FROM setup_record WHERE NOT deleted`)) as {
      data: SetupData;
    }[];
    const legalEntities = new Map<string, { accountingCurrency: string }>();
    const projects = new Map<string, { legalEntity: string }>();
    const ledgerPeriods: LedgerPeriod[] = [];
    const exchangeRates: ExchangeRate[] = [];
    for (const { data } of rows) {
      switch (data.kind) {
        case 'legalEntity':
          legalEntities.set(data.legalEntity ?? '', { accountingCurrency: data.accountingCurrency ?? '' });
          break;
        case 'project':
          projects.set(data.projectId ?? '', { legalEntity: data.legalEntity ?? '' });
          break;
        case 'ledgerPeriod':
          ledgerPeriods.push({
            legalEntity: data.legalEntity ?? '',
            start: day(data.start),
            end: day(data.end),
            status: data.status ?? 'Closed',
          });
          break;
        case 'exchangeRate':
          exchangeRates.push({
            fromCurrency: data.fromCurrency ?? '',
            toCurrency: data.toCurrency ?? '',
            date: day(data.date),
            rate: data.rate ?? '0',
          });
          break;
        default:
          break;
      }
    }
    return { legalEntities, projects, ledgerPeriods, exchangeRates };
  }
}
