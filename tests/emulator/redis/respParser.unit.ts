import { strict as assert } from "node:assert";
import fc from "fast-check";
import { encodeCommand } from "../../../emulator/redis/respEncoder";
import { RespErrorReply, RespParser, RespProtocolError } from "../../../emulator/redis/respParser";

describe("RespParser", () => {
  it("parses every RESP2 reply type", () => {
    const p = new RespParser();
    p.push(Buffer.from("+OK\r\n-LOADING Redis is loading\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n:1\r\n$1\r\nx\r\n*-1\r\n", "latin1"));
    const values = p.drain();
    assert.equal(values.length, 7);
    assert.equal(values[0], "OK");
    assert.ok(values[1] instanceof RespErrorReply);
    assert.equal((values[1] as RespErrorReply).code, "LOADING");
    assert.deepEqual(values.slice(2), [42, "hello", null, [1, "x"], null]);
  });

  it("keeps a reply split across chunks until the rest arrives, whatever the split points", () => {
    const wire = Buffer.from("$11\r\nhello world\r\n*2\r\n+a\r\n$4\r\nb\r\nc\r\n:7\r\n", "latin1");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: wire.length - 1 }), { maxLength: 6 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const p = new RespParser();
        const out: unknown[] = [];
        let from = 0;
        for (const at of [...points, wire.length]) {
          p.push(wire.subarray(from, at));
          out.push(...p.drain());
          from = at;
        }
        assert.deepEqual(out, ["hello world", ["a", "b\r\nc"], 7]);
      }),
    );
  });

  it("decodes multi-byte UTF-8 bulk strings by byte length", () => {
    const p = new RespParser();
    p.push(Buffer.from("$6\r\n迁移\r\n", "utf8"));
    assert.deepEqual(p.drain(), ["迁移"]);
  });

  it("refuses bytes that are not RESP", () => {
    const p = new RespParser();
    p.push(Buffer.from("HTTP/1.1 400\r\n", "latin1"));
    assert.throws(() => p.drain(), RespProtocolError);
  });
});

describe("encodeCommand", () => {
  it("frames arguments as a RESP array of bulk strings with byte lengths", () => {
    assert.equal(encodeCommand(["SET", "键", 10]).toString("utf8"), "*3\r\n$3\r\nSET\r\n$3\r\n键\r\n$2\r\n10\r\n");
  });
});
