// The AWS SDK for JavaScript v3 against dynamini's engine, started as the executable jar:
// tables, conditional writes, a transaction, a query page and a stream read.
// usage: node scenario.cjs path/to/dynamini-embedded-<version>-server.jar
'use strict';
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const {
  DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand, QueryCommand,
  TransactWriteItemsCommand, DescribeTableCommand, ConditionalCheckFailedException, TransactionCanceledException,
} = require('@aws-sdk/client-dynamodb');
const {
  DynamoDBStreamsClient, DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand,
} = require('@aws-sdk/client-dynamodb-streams');

async function startEngine(jar) {
  const engine = spawn('java', ['-jar', jar, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: engine.stdout });
  for await (const line of lines) {
    if (line.startsWith('listening on ')) {
      return { engine, endpoint: line.substring('listening on '.length).trim() };
    }
  }
  throw new Error('the engine never said where it listens');
}

async function main() {
  const jar = process.argv[2];
  const { engine, endpoint } = await startEngine(jar);
  let checks = 0;
  const check = (condition, what) => { assert.ok(condition, what); checks++; };
  try {
    const config = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'js', secretAccessKey: 'js' } };
    const db = new DynamoDBClient(config);
    const streams = new DynamoDBStreamsClient(config);
    const TableName = 'js-scenario';
    await db.send(new CreateTableCommand({
      TableName, BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }));
    const table = (await db.send(new DescribeTableCommand({ TableName }))).Table;
    check(table.TableStatus === 'ACTIVE', 'the table is active');

    await db.send(new PutItemCommand({ TableName, Item: { pk: { S: 'a' }, sk: { N: '1' }, v: { N: '1' } },
      ConditionExpression: 'attribute_not_exists(pk)' }));
    await assert.rejects(db.send(new PutItemCommand({ TableName, Item: { pk: { S: 'a' }, sk: { N: '1' }, v: { N: '2' } },
      ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })),
    (error) => error instanceof ConditionalCheckFailedException && error.Item.v.N === '1');
    checks++;

    for (let sk = 2; sk <= 5; sk++) {
      await db.send(new PutItemCommand({ TableName, Item: { pk: { S: 'a' }, sk: { N: String(sk) } } }));
    }
    await db.send(new TransactWriteItemsCommand({ ClientRequestToken: 'js-token-1', TransactItems: [
      { Put: { TableName, Item: { pk: { S: 'b' }, sk: { N: '1' } } } },
      { Update: { TableName, Key: { pk: { S: 'a' }, sk: { N: '1' } }, UpdateExpression: 'SET v = v + :one',
        ExpressionAttributeValues: { ':one': { N: '1' } } } },
    ] }));
    const v = (await db.send(new GetItemCommand({ TableName, Key: { pk: { S: 'a' }, sk: { N: '1' } }, ConsistentRead: true }))).Item.v.N;
    check(v === '2', 'the transaction updated v');
    await assert.rejects(db.send(new TransactWriteItemsCommand({ TransactItems: [
      { Put: { TableName, Item: { pk: { S: 'c' }, sk: { N: '1' } } } },
      { ConditionCheck: { TableName, Key: { pk: { S: 'a' }, sk: { N: '1' } }, ConditionExpression: 'v = :nine',
        ExpressionAttributeValues: { ':nine': { N: '9' } } } },
    ] })), (error) => error instanceof TransactionCanceledException
      && error.CancellationReasons.map((reason) => reason.Code).join() === 'None,ConditionalCheckFailed');
    checks++;

    const page = await db.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :a AND sk >= :two',
      ExpressionAttributeValues: { ':a': { S: 'a' }, ':two': { N: '2' } }, Limit: 2 }));
    check(page.Items.map((item) => item.sk.N).join() === '2,3', 'a query page in sort key order');
    check(page.LastEvaluatedKey && page.LastEvaluatedKey.sk.N === '3', 'the page ends where the next begins');

    const description = (await streams.send(new DescribeStreamCommand({ StreamArn: table.LatestStreamArn }))).StreamDescription;
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: table.LatestStreamArn,
      ShardId: description.Shards[0].ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
    const names = Records.map((record) => record.eventName);
    check(names.filter((name) => name === 'INSERT').length === 6, 'six inserts in the stream');
    check(names.filter((name) => name === 'MODIFY').length === 1, 'one modify: the transaction\'s update');
    check(Records.every((record) => record.dynamodb.SequenceNumber && record.dynamodb.SizeBytes > 0), 'sequence numbers and sizes');
    console.log(`javascript scenario: ${checks} passed, 0 failed`);
  }
  finally {
    engine.kill('SIGTERM');
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
