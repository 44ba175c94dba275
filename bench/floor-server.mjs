// Floor for the start-up benchmark: a Node process that opens PGlite at $DIR and listens on $PORT.
import { createServer } from "node:http";
import { PGlite } from "@electric-sql/pglite";

const db = await PGlite.create(process.env.DIR);
await db.query("SELECT 1");
createServer((_req, res) => res.end("ok")).listen(Number(process.env.PORT), "127.0.0.1");
