// drizzle-kit finds tables among a schema module's exports; the PostgreSQL tables are derived
// in schema-postgres.ts at run time, so this shim exports them one by one.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- drizzle-kit loads this shim with require()
module.exports = require('./schema-postgres.ts').postgresTables;
