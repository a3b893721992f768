import type { ConnectionRole, SourceDocumentType, TransactionType } from '@po-sync/contracts';
import { type RequiredConnection, connectedActualIds, requiredConnection } from './connection.rules';
import type { ActualSnapshot, ConnectionSnapshot } from './rules.types';

const actual = (
  transactionType: TransactionType,
  sourceDocumentType: SourceDocumentType | null,
  amount = '100',
): ActualSnapshot => ({
  actualId: 'A-1',
  legalEntity: 'USMF',
  projectId: 'PRJ-1',
  transactionType,
  amount,
  currency: 'USD',
  accountingDate: '2026-11-02',
  sourceDocumentType,
  sourceDocumentId: null,
  skipSync: false,
  voucher: null,
  createdOn: new Date('2026-11-02T08:00:00Z'),
  deleted: false,
});

const BILLED: RequiredConnection = { own: 'BilledSales', other: 'UnbilledSales' };
const UNBILLED: RequiredConnection = { own: 'UnbilledSales', other: 'Cost' };

describe('requiredConnection', () => {
  it.each<[TransactionType, SourceDocumentType | null, string, RequiredConnection | null]>([
    ['BilledSales', 'invoice', '100', BILLED],
    ['BilledSales', null, '100', BILLED],
    ['BilledSales', 'invoice', '-100', BILLED],
    ['UnbilledSales', 'timeEntry', '100', UNBILLED],
    ['UnbilledSales', 'expense', '0.01', UNBILLED],
    ['UnbilledSales', 'vendorInvoiceLine', '100', UNBILLED],
    ['UnbilledSales', 'journal', '100', null],
    ['UnbilledSales', null, '100', null],
    ['UnbilledSales', 'timeEntry', '-100', null],
    ['UnbilledSales', 'timeEntry', '0', null],
    ['Cost', 'expense', '100', null],
    ['Cost', null, '100', null],
  ])('%s from %s of %s → %j', (type, source, amount, expected) => {
    expect(requiredConnection(actual(type, source, amount))).toEqual(expected);
  });
});

const connection = (
  id1: string,
  role1: ConnectionRole,
  id2: string,
  role2: ConnectionRole,
  connectionId = 'C-1',
): ConnectionSnapshot => ({
  connectionId,
  transaction1Id: id1,
  transaction1Role: role1,
  transaction1Type: role1 === 'Cost' || role1 === 'UnbilledSales' || role1 === 'BilledSales' ? role1 : 'Cost',
  transaction2Id: id2,
  transaction2Role: role2,
  transaction2Type: role2 === 'Cost' || role2 === 'UnbilledSales' || role2 === 'BilledSales' ? role2 : 'Cost',
});

describe('connectedActualIds', () => {
  it.each<[string, ConnectionSnapshot[], string[]]>([
    ['none', [], []],
    ['this actual on side 1', [connection('B-1', 'BilledSales', 'U-1', 'UnbilledSales')], ['U-1']],
    ['this actual on side 2', [connection('U-1', 'UnbilledSales', 'B-1', 'BilledSales')], ['U-1']],
    ['a connection of another actual', [connection('B-2', 'BilledSales', 'U-1', 'UnbilledSales')], []],
    ['wrong roles (reversal)', [connection('B-1', 'Reversing', 'U-1', 'Original')], []],
    ['wrong other role', [connection('B-1', 'BilledSales', 'C-9', 'Cost')], []],
    ['this actual in the other role', [connection('B-1', 'UnbilledSales', 'U-1', 'BilledSales')], []],
    [
      'side 2 in a role other than billed sales',
      [connection('U-1', 'UnbilledSales', 'B-1', 'Reversing')],
      [],
    ],
    [
      'several, sorted and deduplicated',
      [
        connection('B-1', 'BilledSales', 'U-2', 'UnbilledSales', 'C-1'),
        connection('U-1', 'UnbilledSales', 'B-1', 'BilledSales', 'C-2'),
        connection('B-1', 'BilledSales', 'U-2', 'UnbilledSales', 'C-3'),
      ],
      ['U-1', 'U-2'],
    ],
  ])('%s', (_case, connections, expected) => {
    expect(connectedActualIds('B-1', BILLED, connections)).toEqual(expected);
  });
});
