import mongoose, { Schema, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedMongo } from '../src/index.js';

let server: EmbeddedMongo;
let conn: Connection;

const AccountSchema = new Schema({
  email: { type: String, required: true, unique: true, lowercase: true, maxlength: 100 },
  tenantId: { type: String, required: true, index: true },
  role: { type: String, enum: ['agent', 'lead'], default: 'agent' },
  createdAt: { type: Date, default: () => new Date() },
});
AccountSchema.index({ tenantId: 1, email: 1 }, { unique: true });

const CaseSchema = new Schema({
  title: { type: String, required: true },
  account: { type: Schema.Types.ObjectId, ref: 'Account', required: true },
  severity: { type: Number, min: 1, max: 5 },
  openedAt: Date,
});

beforeAll(async () => {
  server = await EmbeddedMongo.start();
  conn = mongoose.createConnection(server.uri, { dbName: 'vigil_test' });
  await conn.asPromise();
});
afterAll(async () => {
  await conn.close();
  await server.stop();
});

describe('mongoose 9 over TCP', () => {
  it('validates schemas, builds unique indexes and reports duplicates', async () => {
    const Account = conn.model('Account', AccountSchema);
    await Account.init();
    const indexes = await Account.collection.listIndexes().toArray();
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'email_1', 'tenantId_1', 'tenantId_1_email_1']);
    await Account.create({ email: 'A@x.io', tenantId: 't1' });
    await expect(Account.create({ email: 'a@x.io', tenantId: 't2' })).rejects.toMatchObject({
      code: 11000,
      keyValue: { email: 'a@x.io' },
    });
    await expect(Account.create({ tenantId: 't1' })).rejects.toThrow(/email.*required/);
    await expect(Account.create({ email: 'b@x.io', tenantId: 't1', role: 'boss' })).rejects.toThrow(/role/);
  });

  it('populates references and runs lean queries', async () => {
    const Account = conn.model('Account');
    const Case = conn.model('Case', CaseSchema);
    const owner = await Account.create({ email: 'owner@x.io', tenantId: 't9' });
    await Case.create([
      { title: 'locked out', account: owner._id, severity: 3 },
      { title: 'sim swap', account: owner._id, severity: 5 },
    ]);
    const cases = await Case.find({ account: owner._id }).sort({ severity: -1 }).populate('account').exec();
    expect(cases.map((c) => c.title)).toEqual(['sim swap', 'locked out']);
    expect((cases[0]?.account as unknown as { email: string }).email).toBe('owner@x.io');
    const lean = await Case.findOne({ severity: { $gte: 5 } }).lean();
    expect(lean?.title).toBe('sim swap');
    expect(lean?.constructor).toBe(Object);
    expect(await Case.countDocuments({ account: owner._id })).toBe(2);
  });

  it('streams a cursor over 10,000 documents', async () => {
    const Event = conn.model('Event', new Schema({ seq: Number, kind: String }));
    const docs = Array.from({ length: 10_000 }, (_, seq) => ({ seq, kind: seq % 2 ? 'login' : 'logout' }));
    await Event.insertMany(docs);
    let count = 0;
    let last = -1;
    for await (const event of Event.find().sort({ seq: 1 }).cursor()) {
      expect(event.seq).toBe(last + 1);
      last = event.seq as number;
      count++;
    }
    expect(count).toBe(10_000);
  });

  it('runs aggregation pipelines', async () => {
    const Login = conn.model('Login', new Schema({ user: String, at: Date, ok: Boolean, tags: [String] }));
    const Profile = conn.model('Profile', new Schema({ user: String, country: String }));
    await Profile.create([
      { user: 'ann', country: 'PH' },
      { user: 'bob', country: 'IN' },
    ]);
    await Login.create([
      { user: 'ann', at: new Date('2026-01-01T10:15:00Z'), ok: true, tags: ['web'] },
      { user: 'ann', at: new Date('2026-01-01T10:45:00Z'), ok: false, tags: ['web', 'vpn'] },
      { user: 'bob', at: new Date('2026-01-01T11:05:00Z'), ok: true, tags: [] },
    ]);
    const byHour = await Login.aggregate([
      { $match: { at: { $gte: new Date('2026-01-01T00:00:00Z') } } },
      { $group: { _id: { $dateTrunc: { date: '$at', unit: 'hour' } }, n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(byHour).toEqual([
      { _id: new Date('2026-01-01T10:00:00Z'), n: 2 },
      { _id: new Date('2026-01-01T11:00:00Z'), n: 1 },
    ]);
    const joined = await Login.aggregate([
      { $match: { ok: true } },
      { $lookup: { from: 'profiles', localField: 'user', foreignField: 'user', as: 'profile' } },
      { $unwind: '$profile' },
      { $project: { _id: 0, user: 1, country: '$profile.country' } },
      { $sort: { user: 1 } },
    ]);
    expect(joined).toEqual([
      { user: 'ann', country: 'PH' },
      { user: 'bob', country: 'IN' },
    ]);
    const [facets] = await Login.aggregate([
      {
        $facet: {
          failures: [{ $match: { ok: false } }, { $count: 'n' }],
          tags: [{ $unwind: '$tags' }, { $sortByCount: '$tags' }],
        },
      },
    ]);
    expect(facets.failures).toEqual([{ n: 1 }]);
    expect(facets.tags).toEqual([
      { _id: 'web', count: 2 },
      { _id: 'vpn', count: 1 },
    ]);
  });

  it('commits and aborts transactions with connection.transaction()', async () => {
    const Ledger = conn.model('Ledger', new Schema({ account: String, balance: Number }));
    await Ledger.createCollection();
    await Ledger.create({ account: 'a', balance: 10 });
    await conn.transaction(async (session) => {
      await Ledger.updateOne({ account: 'a' }, { $inc: { balance: -5 } }, { session });
      await Ledger.create([{ account: 'b', balance: 5 }], { session });
      // Invisible outside the transaction until commit.
      expect(await Ledger.countDocuments({ account: 'b' })).toBe(0);
      expect(await Ledger.countDocuments({ account: 'b' }).session(session)).toBe(1);
    });
    expect((await Ledger.findOne({ account: 'a' }).lean())?.balance).toBe(5);
    expect(await Ledger.countDocuments({ account: 'b' })).toBe(1);

    await expect(
      conn.transaction(async (session) => {
        await Ledger.create([{ account: 'c', balance: 1 }], { session });
        throw new Error('rollback please');
      }),
    ).rejects.toThrow('rollback please');
    expect(await Ledger.countDocuments({ account: 'c' })).toBe(0);
  });
});
