import { transactionConnection } from '../testing/fixtures';
import { problems, without } from '../testing/expect';
import { TransactionConnectionDataSchema, TransactionConnectionKeySchema } from './transaction-connection.v1';

describe('TransactionConnectionDataSchema', () => {
  it('accepts a cost ↔ unbilled sales connection', () => {
    expect(TransactionConnectionDataSchema.parse(transactionConnection())).toEqual(transactionConnection());
  });

  it.each(['Cost', 'UnbilledSales', 'BilledSales', 'Reversing', 'Original', 'Replacing'])(
    'accepts the role %s',
    (role) => {
      expect(
        TransactionConnectionDataSchema.safeParse({ ...transactionConnection(), transaction1Role: role })
          .success,
      ).toBe(true);
    },
  );

  it.each([
    [
      { transaction1Role: 'Unbilled Sales' },
      'transaction1Role must be one of Cost, UnbilledSales, BilledSales, Reversing, Original, Replacing, not "Unbilled Sales"',
    ],
    [
      { transaction2Type: 'msdyn_actual' },
      'transaction2Type must be one of Cost, UnbilledSales, BilledSales, not "msdyn_actual"',
    ],
    [{ transaction1Id: '' }, 'transaction1Id must not be empty'],
    [
      { createdOn: '2025-03-31' },
      'createdOn must be an ISO-8601 instant with an offset such as "2025-03-31T14:05:00Z"',
    ],
  ])('rejects %j', (patch, message) => {
    expect(problems(TransactionConnectionDataSchema, { ...transactionConnection(), ...patch })).toEqual([
      message,
    ]);
  });

  it.each([
    'connectionId',
    'transaction1Id',
    'transaction1Role',
    'transaction1Type',
    'transaction2Id',
    'transaction2Role',
    'transaction2Type',
    'createdOn',
  ] as const)('requires %s', (field) => {
    expect(problems(TransactionConnectionDataSchema, without(transactionConnection(), field))).toEqual([
      `${field} is required`,
    ]);
  });

  it('the key holds only connectionId', () => {
    expect(TransactionConnectionKeySchema.parse({ connectionId: 'c-1', other: 1 })).toEqual({
      connectionId: 'c-1',
    });
  });
});
