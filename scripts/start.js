// Starts the built app (npm start builds it first). adapter-node assumes https unless ORIGIN
// says otherwise, which would make every form post on plain-http intranet hosts fail the CSRF
// origin check, so default ORIGIN to the local address; set ORIGIN for the real host name.
process.env.PORT ??= '3000';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
process.env.BODY_SIZE_LIMIT ??= '20M'; // Excel imports of a whole city's people
console.log(`[清风学堂] 访问地址 ${process.env.ORIGIN}（数据库 ${process.env.DATABASE_PATH ?? 'data/qingfeng.db'}）`);
await import('../build/index.js');
