import { randomUUID } from 'node:crypto';
import type { JournalLineEvent } from '@po-sync/contracts';

/** A journal_line row joined with its journal's status, as the SQL of lines.repository returns it. */
export interface LineRow {
  line_id: string;
  journal_id: string;
  line_kind: JournalLineEvent['lineKind'];
  actual_id: string;
  legal_entity: string;
  project_id: string;
  transaction_type: JournalLineEvent['transactionType'];
  transaction_class: JournalLineEvent['transactionClass'];
  status: JournalLineEvent['status'];
  amount: string;
  currency: string;
  accounting_amount: string | null;
  accounting_currency: string | null;
  exchange_rate: string | null;
  voucher: string | null;
  posted_at: Date | null;
  journal_status: JournalLineEvent['journalStatus'];
  sequence: number;
}

/** Normalises PostgreSQL's numeric text ("125.4000") to the shortest exact decimal ("125.4"). */
export function decimalText(value: string): string {
  if (!value.includes('.')) return value;
  const trimmed = value.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

export function toLineEvent(row: LineRow, occurredAt: Date): JournalLineEvent {
  return {
    eventId: randomUUID(),
    lineId: row.line_id,
    journalId: row.journal_id,
    lineKind: row.line_kind,
    actualId: row.actual_id,
    legalEntity: row.legal_entity,
    projectId: row.project_id,
    transactionType: row.transaction_type,
    transactionClass: row.transaction_class,
    status: row.status,
    amount: decimalText(row.amount),
    currency: row.currency,
    accountingAmount: row.accounting_amount === null ? null : decimalText(row.accounting_amount),
    accountingCurrency: row.accounting_currency,
    exchangeRate: row.exchange_rate === null ? null : decimalText(row.exchange_rate),
    voucher: row.voucher,
    postedAt: row.posted_at ? row.posted_at.toISOString() : null,
    journalStatus: row.journal_status,
    sequence: row.sequence,
    occurredAt: occurredAt.toISOString(),
  };
}
