import { DynamoTable } from '../../../src/store/dynamo-table';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';

describe('DynamoTable failures', () => {
  let dynamo: LocalDynamo;

  beforeAll(async () => {
    dynamo = await startDynalite();
  });

  afterAll(async () => {
    await dynamo.close();
  });

  it('turns a DynamoDB error into a STORE error that keeps the cause', async () => {
    const table = new DynamoTable(dynamo.docClient, 'no-such-table');

    const failures = [
      table.get('p', 's'),
      table.put({ pk: 'p', sk: 's' }, { condition: { kind: 'absent' } }),
      table.delete('p', 's'),
      table.query('p'),
    ];

    for (const failure of failures) {
      await expect(failure).rejects.toMatchObject({
        code: 'STORE',
        message: expect.stringContaining('no-such-table'),
        cause: expect.objectContaining({ name: 'ResourceNotFoundException' }),
      });
    }
  });

  it('reports an item over DynamoDB’s size limit as a STORE error', async () => {
    const table = new DynamoTable(dynamo.docClient, dynamo.tableName);

    await expect(table.put({ pk: 'p', sk: 's', blob: 'x'.repeat(500 * 1024) })).rejects.toMatchObject({ code: 'STORE' });
  });
});
