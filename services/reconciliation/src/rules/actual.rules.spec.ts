import type { ConnectionRole, DiscrepancyType, JournalLineStatus } from '@po-sync/contracts';
import { evaluateActual } from './actual.rules';
import type { ActualSnapshot, ConnectionSnapshot, JournalLineSnapshot, RulesConfig } from './rules.types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GRACE = HOUR;
const MONTH = 31 * DAY;
const UNLIMITED: RulesConfig = { gracePeriodMs: GRACE, outOfSyncLookbackMs: 0 };
const ONE_MONTH: RulesConfig = { gracePeriodMs: GRACE, outOfSyncLookbackMs: MONTH };
/** The actual is created here; everything else is an offset from it. */
const CREATED = new Date('2026-11-02T08:00:00.000Z');
const at = (ms: number): Date => new Date(CREATED.getTime() + ms);

const actual = (over: Partial<ActualSnapshot> = {}): ActualSnapshot => ({
  actualId: 'A-1',
  legalEntity: 'USMF',
  projectId: 'PRJ-1',
  transactionType: 'Cost',
  amount: '100.00',
  currency: 'USD',
  accountingDate: '2026-11-02',
  sourceDocumentType: 'expense',
  sourceDocumentId: 'EXP-1',
  skipSync: false,
  voucher: null,
  createdOn: CREATED,
  deleted: false,
  ...over,
});

const line = (status: JournalLineStatus, over: Partial<JournalLineSnapshot> = {}): JournalLineSnapshot => ({
  actualId: 'A-1',
  lineId: 'L-1',
  journalId: 'J-1',
  status,
  amount: '100.00',
  currency: 'USD',
  voucher: status === 'Posted' ? 'JV-1' : null,
  postedAt: status === 'Posted' ? at(30 * MINUTE) : null,
  createdAt: at(10 * MINUTE),
  lastRetriedAt: null,
  ...over,
});

const connect = (
  id1: string,
  role1: ConnectionRole,
  id2: string,
  role2: ConnectionRole,
): ConnectionSnapshot => ({
  connectionId: `C-${id1}-${id2}`,
  transaction1Id: id1,
  transaction1Role: role1,
  transaction1Type: 'UnbilledSales',
  transaction2Id: id2,
  transaction2Role: role2,
  transaction2Type: 'BilledSales',
});

const billed = (over: Partial<ActualSnapshot> = {}): ActualSnapshot =>
  actual({
    transactionType: 'BilledSales',
    sourceDocumentType: 'invoice',
    sourceDocumentId: 'INV-1',
    ...over,
  });
const unbilled = (over: Partial<ActualSnapshot> = {}): ActualSnapshot =>
  actual({
    transactionType: 'UnbilledSales',
    sourceDocumentType: 'timeEntry',
    sourceDocumentId: 'TE-1',
    ...over,
  });
const toUnbilled = connect('U-1', 'UnbilledSales', 'A-1', 'BilledSales');
const toCost = connect('A-1', 'UnbilledSales', 'C-1', 'Cost');

/** A voucher and a posted line: nothing else in the way, so one rule can be looked at alone. */
const done = { voucher: 'JV-1' };

interface Case {
  actual: ActualSnapshot;
  line?: JournalLineSnapshot | null;
  connections?: ConnectionSnapshot[];
  now: Date;
  config?: RulesConfig;
}

describe('evaluateActual: which findings hold, and the next timer', () => {
  it.each<[string, Case, DiscrepancyType[], Date | null]>([
    // Never flagged
    [
      'skip-sync, no line, no voucher, long after',
      { actual: actual({ skipSync: true }), now: at(DAY) },
      [],
      null,
    ],
    [
      'skip-sync, inside the grace: no timer either',
      { actual: actual({ skipSync: true }), now: at(0) },
      [],
      null,
    ],
    [
      'skip-sync billed sales without connection',
      { actual: billed({ skipSync: true }), now: at(DAY) },
      [],
      null,
    ],
    [
      'skip-sync with a draft line',
      { actual: actual({ skipSync: true }), line: line('Draft'), now: at(DAY) },
      [],
      null,
    ],
    ['deleted', { actual: actual({ deleted: true }), now: at(DAY) }, [], null],
    ['deleted, inside the grace: no timer', { actual: actual({ deleted: true }), now: at(0) }, [], null],
    // MISSING_JOURNAL_LINE and the grace boundary
    ['no line, 1 ms before the grace ends', { actual: actual(), now: at(GRACE - 1) }, [], at(GRACE)],
    [
      'no line, exactly at the grace end (≥): missing line and out of sync, both listed by design',
      { actual: actual(), now: at(GRACE) },
      ['MISSING_JOURNAL_LINE', 'OUT_OF_SYNC_ACTUAL'],
      null,
    ],
    ['no line, but a voucher', { actual: actual(done), now: at(GRACE) }, ['MISSING_JOURNAL_LINE'], null],
    // JOURNAL_NOT_POSTED: the grace runs from the line's creation
    [
      'a draft line inside its own grace, the actual past its grace',
      { actual: actual(), line: line('Draft', { createdAt: at(30 * MINUTE) }), now: at(GRACE) },
      ['OUT_OF_SYNC_ACTUAL'],
      at(30 * MINUTE + GRACE),
    ],
    [
      'a draft line at its grace end: not posted and out of sync, both listed by design',
      { actual: actual(), line: line('Draft', { createdAt: at(30 * MINUTE) }), now: at(30 * MINUTE + GRACE) },
      ['JOURNAL_NOT_POSTED', 'OUT_OF_SYNC_ACTUAL'],
      null,
    ],
    [
      'an errored line, voucher set',
      { actual: actual(done), line: line('Error'), now: at(DAY) },
      ['JOURNAL_NOT_POSTED'],
      null,
    ],
    [
      'a posted line and its voucher written back',
      { actual: actual(done), line: line('Posted'), now: at(DAY) },
      [],
      null,
    ],
    [
      'a posted line, but no voucher on the actual: the write-back failed',
      { actual: actual(), line: line('Posted'), now: at(DAY) },
      ['OUT_OF_SYNC_ACTUAL'],
      null,
    ],
    // OUT_OF_SYNC_ACTUAL and the look-back window
    [
      'look-back 0: a year-old actual is still out of sync',
      { actual: actual(), line: line('Posted'), now: at(365 * DAY) },
      ['OUT_OF_SYNC_ACTUAL'],
      null,
    ],
    [
      'one month: inside, the timer ends it',
      { actual: actual(), line: line('Posted'), now: at(DAY), config: ONE_MONTH },
      ['OUT_OF_SYNC_ACTUAL'],
      at(MONTH + 1),
    ],
    [
      'one month: exactly at the edge (now − look-back = createdOn) still inside',
      { actual: actual(), line: line('Posted'), now: at(MONTH), config: ONE_MONTH },
      ['OUT_OF_SYNC_ACTUAL'],
      at(MONTH + 1),
    ],
    [
      'one month: 1 ms past the edge',
      { actual: actual(), line: line('Posted'), now: at(MONTH + 1), config: ONE_MONTH },
      [],
      null,
    ],
    [
      'one month, inside the grace: it starts first',
      { actual: actual(), line: line('Posted'), now: at(0), config: ONE_MONTH },
      [],
      at(GRACE),
    ],
    [
      'a look-back shorter than the grace leaves no window',
      {
        actual: actual(),
        line: line('Posted'),
        now: at(0),
        config: { gracePeriodMs: GRACE, outOfSyncLookbackMs: GRACE - 1 },
      },
      [],
      null,
    ],
    [
      'look-back equal to the grace: a window of one instant',
      {
        actual: actual(),
        line: line('Posted'),
        now: at(GRACE),
        config: { gracePeriodMs: GRACE, outOfSyncLookbackMs: GRACE },
      },
      ['OUT_OF_SYNC_ACTUAL'],
      at(GRACE + 1),
    ],
    [
      'out of the look-back window, the missing line is still reported',
      { actual: actual(), now: at(2 * MONTH), config: ONE_MONTH },
      ['MISSING_JOURNAL_LINE'],
      null,
    ],
    // MISSING_TRANSACTION_CONNECTION
    [
      'billed sales without connection, inside the grace',
      { actual: billed(done), line: line('Posted'), now: at(GRACE - 1) },
      [],
      at(GRACE),
    ],
    [
      'billed sales without connection, at the grace end',
      { actual: billed(done), line: line('Posted'), now: at(GRACE) },
      ['MISSING_TRANSACTION_CONNECTION'],
      null,
    ],
    [
      'billed sales connected to its unbilled sales',
      { actual: billed(done), line: line('Posted'), connections: [toUnbilled], now: at(DAY) },
      [],
      null,
    ],
    [
      'billed sales with only a reversal connection',
      {
        actual: billed(done),
        line: line('Posted'),
        connections: [connect('A-1', 'Reversing', 'A-0', 'Original')],
        now: at(DAY),
      },
      ['MISSING_TRANSACTION_CONNECTION'],
      null,
    ],
    [
      'billed sales without connection nor line: both, one timer',
      { actual: billed(done), now: at(0) },
      [],
      at(GRACE),
    ],
    [
      'billed sales without connection nor line, after the grace',
      { actual: billed(), now: at(GRACE) },
      ['MISSING_JOURNAL_LINE', 'MISSING_TRANSACTION_CONNECTION', 'OUT_OF_SYNC_ACTUAL'],
      null,
    ],
    [
      'unbilled sales of a time entry without its cost',
      { actual: unbilled(done), line: line('Posted'), now: at(DAY) },
      ['MISSING_TRANSACTION_CONNECTION'],
      null,
    ],
    [
      'unbilled sales of a time entry with its cost',
      { actual: unbilled(done), line: line('Posted'), connections: [toCost], now: at(DAY) },
      [],
      null,
    ],
    [
      'unbilled sales from an entry journal (maybe a fee) need no cost',
      { actual: unbilled({ ...done, sourceDocumentType: 'journal' }), line: line('Posted'), now: at(DAY) },
      [],
      null,
    ],
    [
      'a reversing (negative) unbilled sales needs no cost',
      { actual: unbilled({ ...done, amount: '-100' }), line: line('Posted'), now: at(DAY) },
      [],
      null,
    ],
    ['cost never needs a connection', { actual: actual(done), line: line('Posted'), now: at(DAY) }, [], null],
    // Several pending timers: the earliest wins
    [
      'a draft line due later than the look-back start',
      {
        actual: actual(),
        line: line('Draft', { createdAt: at(50 * MINUTE) }),
        now: at(20 * MINUTE),
        config: ONE_MONTH,
      },
      [],
      at(GRACE),
    ],
  ])('%s', (_case, c, types, nextDueAt) => {
    const result = evaluateActual(
      c.actual,
      c.line ?? null,
      c.connections ?? [],
      new Map(),
      c.now,
      c.config ?? UNLIMITED,
    );
    expect(result.findings.map((f) => f.type).sort()).toEqual(types);
    expect(result.nextDueAt).toEqual(nextDueAt);
  });

  it('a timer firing at nextDueAt finds the finding holding, and one 1 ms past the window resolves it', () => {
    const a = actual();
    const posted = line('Posted');
    const early = evaluateActual(a, posted, [], new Map(), at(0), ONE_MONTH);
    expect(early.nextDueAt).toEqual(at(GRACE));
    const started = evaluateActual(a, posted, [], new Map(), early.nextDueAt ?? at(0), ONE_MONTH);
    expect(started.findings.map((f) => f.type)).toEqual(['OUT_OF_SYNC_ACTUAL']);
    const ended = evaluateActual(a, posted, [], new Map(), started.nextDueAt ?? at(0), ONE_MONTH);
    expect(ended.findings).toEqual([]);
    expect(ended.nextDueAt).toBeNull();
  });
});

describe('evaluateActual: what each finding says', () => {
  const only = (c: Case, type: DiscrepancyType, linesOfConnected = new Map<string, JournalLineSnapshot>()) =>
    evaluateActual(
      c.actual,
      c.line ?? null,
      c.connections ?? [],
      linesOfConnected,
      c.now,
      UNLIMITED,
    ).findings.find((f) => f.type === type);

  it.each<[string, string, string]>([
    ['a positive amount', '100.00', '100'],
    ['a reversal keeps its sign', '-25.50', '-25.5'],
  ])('identifies the actual and its amount: %s', (_case, amount, expected) => {
    expect(
      only({ actual: actual({ amount, currency: 'EUR' }), now: at(DAY) }, 'MISSING_JOURNAL_LINE'),
    ).toEqual({
      type: 'MISSING_JOURNAL_LINE',
      documentType: 'actual',
      recordId: 'A-1',
      legalEntity: 'USMF',
      projectId: 'PRJ-1',
      amount: expected,
      currency: 'EUR',
      causes: [
        expect.stringMatching(/Import from staging has not run/),
        expect.stringMatching(/failed .* integration journal log/),
        expect.stringMatching(/did not reach Finance's staging table/),
      ],
      remedy: 'import-from-staging',
    });
  });

  it.each<[JournalLineStatus, RegExp, string]>([
    ['Draft', /^Journal line L-1 of journal J-1 is a draft: the scheduled posting/, 'post-draft-journals'],
    ['Processing', /has been in posting for longer than the grace period/, 'post-draft-journals'],
    ['Error', /failed to post .* see the integration journal log/, 'post-draft-journals'],
    ['Unrecoverable', /automatic retries are used up; see the integration journal log/, 'none'],
    ['InvalidActual', /invalid actual that can never be posted/, 'none'],
  ])('JOURNAL_NOT_POSTED of a %s line: cause and remedy', (status, cause, remedy) => {
    const found = only({ actual: actual(done), line: line(status), now: at(DAY) }, 'JOURNAL_NOT_POSTED');
    expect(found?.causes).toEqual([expect.stringMatching(cause)]);
    expect(found?.remedy).toBe(remedy);
  });

  it.each<[string, JournalLineSnapshot | null, RegExp]>([
    ['no line', null, /no journal line in Finance \(see MISSING_JOURNAL_LINE\).*a resync fixes/],
    [
      'a draft line',
      line('Draft'),
      /line L-1 is in status Draft \(see JOURNAL_NOT_POSTED\): get the journal posted first/,
    ],
    [
      'a posted line',
      line('Posted', { voucher: 'JV-9' }),
      /posted with voucher JV-9, but the voucher was not written back/,
    ],
  ])('OUT_OF_SYNC_ACTUAL with %s names the step to take first', (_case, l, cause) => {
    const found = only({ actual: actual(), line: l, now: at(DAY) }, 'OUT_OF_SYNC_ACTUAL');
    expect(found?.causes).toEqual([
      expect.stringMatching(/no voucher number in Dataverse/),
      expect.stringMatching(cause),
    ]);
    expect(found?.remedy).toBe('resync');
    expect(found?.amount).toBe('100');
  });

  it.each<[string, ConnectionSnapshot[], Map<string, JournalLineSnapshot>, (string | RegExp)[]]>([
    ['no connection', [], new Map(), [/has none \(see MISSING_TRANSACTION_CONNECTION\)/]],
    [
      'its unbilled sales has no line yet',
      [toUnbilled],
      new Map(),
      [
        'Billed sales are imported only after their unbilled sales are posted, and unbilled sales actual U-1 has no journal line yet.',
      ],
    ],
    [
      'its unbilled sales line is a draft',
      [toUnbilled],
      new Map([['U-1', line('Draft', { actualId: 'U-1' })]]),
      [/unbilled sales actual U-1 has a journal line in status Draft\.$/],
    ],
    [
      'its unbilled sales is posted',
      [toUnbilled],
      new Map([['U-1', line('Posted', { actualId: 'U-1' })]]),
      [],
    ],
  ])('MISSING_JOURNAL_LINE of billed sales explains the wait: %s', (_case, connections, lines, extra) => {
    const found = only({ actual: billed(), connections, now: at(DAY) }, 'MISSING_JOURNAL_LINE', lines);
    expect(found?.causes.slice(3)).toEqual(
      extra.map((e) => (typeof e === 'string' ? e : (expect.stringMatching(e) as string))),
    );
    expect(found?.remedy).toBe('import-from-staging');
  });

  it.each<[string, ActualSnapshot, RegExp]>([
    ['billed sales', billed(done), /billed sales actual has no transaction connection to the unbilled sales/],
    [
      'unbilled sales',
      unbilled(done),
      /unbilled sales actual has no transaction connection to its cost actual/,
    ],
  ])('MISSING_TRANSACTION_CONNECTION of %s', (_case, a, cause) => {
    const found = only({ actual: a, line: line('Posted'), now: at(DAY) }, 'MISSING_TRANSACTION_CONNECTION');
    expect(found?.causes).toEqual([
      expect.stringMatching(cause),
      expect.stringMatching(/msdyn_transactionconnections dual-write map .* below version 1\.0\.0\.1/),
    ]);
    expect(found?.remedy).toBe('resync');
    expect(found?.documentType).toBe('actual');
  });
});
