// Runs dynalite in a child process of the local stack. It listens on a free loopback port,
// reports it on stdout as JSON, and exits when the parent's end of stdin closes, so a killed
// parent never leaves an orphaned emulator holding the data dir.
'use strict';
const dynaliteDb = require('dynalite/db');
const dynalite = require('dynalite');

// One item write and its index entries in one LevelDB batch. dynalite writes an item's index
// entries first and the item after, as separate writes, so a kill -9 between them leaves an
// index entry for an item that was never stored: a query of the index then finds a prediction
// the table does not have, and the sealing recount (which reads the index) counts it, on top of
// the client's retry storing it for real. DynamoDB writes an item atomically and derives its
// indexes from it, so it has no such entry. Here `updateIndexes` records its writes, and the
// item write that follows it (under dynalite's per-key lock) commits them with the item.
const pendingIndexWrites = new Map();
const updateIndexes = dynaliteDb.updateIndexes;
dynaliteDb.updateIndexes = (store, table, existingItem, item, cb) => {
  const ops = [];
  const recorder = {
    ...store,
    getIndexDb: (indexType, tableName, indexName) => {
      const prefix = `index-${indexType.toLowerCase()}~${tableName}~${indexName}~`;
      return {
        put: (key, value, done) => {
          ops.push({ type: 'put', key: prefix + key, value });
          done();
        },
        del: (key, done) => {
          ops.push({ type: 'del', key: prefix + key });
          done();
        },
      };
    },
  };
  updateIndexes(recorder, table, existingItem, item, (err) => {
    if (err) return cb(err);
    const source = item ?? existingItem;
    if (source && ops.length > 0) {
      pendingIndexWrites.set(`item-${table.TableName}~${dynaliteDb.createKey(source, table)}`, ops);
    }
    cb();
  });
};
const create = dynaliteDb.create;
dynaliteDb.create = (options) => {
  const store = create(options);
  const getItemDb = store.getItemDb;
  store.getItemDb = (name) => {
    const itemDb = getItemDb(name);
    if (itemDb.withIndexWrites) return itemDb;
    const prefix = `item-${name}~`;
    const { put, del } = itemDb;
    const commit = (op, done) => {
      const ops = pendingIndexWrites.get(op.key);
      pendingIndexWrites.delete(op.key);
      store.db.batch([...(ops ?? []), op], done);
    };
    itemDb.put = (key, value, done) =>
      pendingIndexWrites.has(prefix + key)
        ? commit({ type: 'put', key: prefix + key, value }, done)
        : put(key, value, done);
    itemDb.del = (key, done) =>
      pendingIndexWrites.has(prefix + key) ? commit({ type: 'del', key: prefix + key }, done) : del(key, done);
    itemDb.withIndexWrites = true;
    return itemDb;
  };
  return store;
};

const dir = process.argv[2];
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dir ? { path: dir } : {}) });
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => server.close(() => process.exit(0)));
