/**
 * isDuplicateKey / isOnlyDuplicateKeys on the errors the real driver raises against the embedded server, plus the
 * bulk shapes it cannot be made to raise here (a bulk write failing on something else besides duplicates).
 */
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMongo,
  createLogger,
  duplicateKeyPositions,
  insertUnordered,
  isDuplicateKey,
  isOnlyDuplicateKeys,
  loadConfig,
  type MongoHandle,
} from '../src/index.js';

const logger = createLogger({ name: 'duplicate-key-test', level: 'silent' });
let mongo: EmbeddedMongo;
let db: MongoHandle;

beforeAll(async () => {
  mongo = await EmbeddedMongo.start();
  db = await connectMongo(loadConfig({ NODE_ENV: 'test', MONGO_DATA_DIR: '' }), logger, {
    dbName: 'vigil_dup_test',
    uri: mongo.uri,
  });
});
afterAll(async () => {
  await db?.close();
  await mongo?.stop();
});

const receipts = () => {
  const schema = new Schema({ deliveryId: { type: String, required: true, unique: true } });
  return db.connection.models.Receipt ?? db.connection.model('Receipt', schema);
};

async function failureOf(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error('the write was expected to fail');
}

describe('duplicate keys from the driver', () => {
  it('a single insert of an existing key is a duplicate key', async () => {
    const Receipt = receipts();
    await Receipt.init();
    await Receipt.create({ deliveryId: 'd-1' });
    const error = await failureOf(() => Receipt.create({ deliveryId: 'd-1' }));
    expect(isDuplicateKey(error)).toBe(true);
    expect(isOnlyDuplicateKeys(error)).toBe(true);
  });

  it('an unordered bulk insert failing only on existing keys is "only duplicates", and the new ones are written', async () => {
    const Receipt = receipts();
    await Receipt.init();
    await Receipt.create({ deliveryId: 'd-2' });
    const error = await failureOf(() =>
      Receipt.insertMany([{ deliveryId: 'd-2' }, { deliveryId: 'd-3' }, { deliveryId: 'd-2' }], { ordered: false }),
    );
    expect(isOnlyDuplicateKeys(error)).toBe(true);
    expect(duplicateKeyPositions(error)).toEqual(new Set([0, 2]));
    expect(await Receipt.countDocuments({ deliveryId: { $in: ['d-2', 'd-3'] } })).toBe(2);
  });

  it('names the refused positions of an unordered insert, lean through mongoose and straight through the driver', async () => {
    const Receipt = receipts();
    await Receipt.init();
    await Receipt.create({ deliveryId: 'd-4' });
    const lean = await failureOf(() =>
      Receipt.insertMany([{ deliveryId: 'd-5' }, { deliveryId: 'd-4' }], { ordered: false, lean: true }),
    );
    expect(duplicateKeyPositions(lean)).toEqual(new Set([1]));
    const driver = await failureOf(() =>
      Receipt.collection.insertMany([{ deliveryId: 'd-4' }, { deliveryId: 'd-6' }, { deliveryId: 'd-5' }], { ordered: false }),
    );
    expect(duplicateKeyPositions(driver)).toEqual(new Set([0, 2]));
    expect(await Receipt.countDocuments({ deliveryId: { $in: ['d-4', 'd-5', 'd-6'] } })).toBe(3);
    const single = await failureOf(() => Receipt.create({ deliveryId: 'd-6' }));
    expect(duplicateKeyPositions(single)).toEqual(new Set([0]));
  });

  it('insertUnordered answers the documents refused and writes the others', async () => {
    const Receipt = receipts();
    await Receipt.init();
    await Receipt.create({ deliveryId: 'd-7' });
    const docs = [{ deliveryId: 'd-8' }, { deliveryId: 'd-7' }, { deliveryId: 'd-9' }];
    const refused = await insertUnordered(docs, (list) => Receipt.insertMany(list, { ordered: false, lean: true }));
    // The very document given (the driver adds an _id to what it inserts).
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBe(docs[1]);
    expect(await Receipt.countDocuments({ deliveryId: { $in: ['d-7', 'd-8', 'd-9'] } })).toBe(3);
    expect(await insertUnordered([], () => Promise.reject(new Error('nothing to write')))).toEqual([]);
  });
});

describe('bulk errors that are not only duplicates', () => {
  it.each([
    ['a write error of another kind beside a duplicate', { code: 65, writeErrors: [{ code: 11000 }, { code: 121 }] }],
    ['a nested error of another kind', { writeErrors: [{ err: { code: 11000 } }, { err: { code: 2 } }] }],
    ['no code at all', { writeErrors: [{}] }],
    ['a top-level error that is not a duplicate', { code: 50 }],
    ['not an object', 'E11000 duplicate key'],
    ['nothing', null],
  ])('%s → false', (_case, error) => {
    expect(isOnlyDuplicateKeys(error)).toBe(false);
    expect(duplicateKeyPositions(error)).toBeNull();
  });

  it('duplicates without positions name none: the caller cannot tell what was written', () => {
    expect(duplicateKeyPositions({ writeErrors: [{ code: 11000, index: 0 }, { code: 11000 }] })).toBeNull();
    expect(duplicateKeyPositions({ writeErrors: [{ err: { code: 11000, index: 3 } }] })).toEqual(new Set([3]));
  });

  it('nested duplicate codes (older driver shape) count as duplicates', () => {
    expect(isOnlyDuplicateKeys({ writeErrors: [{ err: { code: 11000 } }, { code: 11000 }] })).toBe(true);
  });
});
