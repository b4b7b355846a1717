import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cutMember, pythonString, reserialize, topLevelMembers } from '../../src/verify/schemes/json-text.ts';

describe('json-text helpers', () => {
  it('lists top-level members with their spans, skipping nested ones', () => {
    const text = '{ "a" : [1, {"b": 2}], "c":{"d":"}"} ,"e":null }';
    const members = topLevelMembers(text);
    assert.deepEqual(
      members.map((m) => m.key),
      ['a', 'c', 'e'],
    );
    assert.deepEqual(
      members.map((m) => text.slice(m.keyStart, m.valueEnd)),
      ['"a" : [1, {"b": 2}]', '"c":{"d":"}"}', '"e":null'],
    );
    assert.deepEqual(topLevelMembers('{}'), []);
  });

  it('cuts a member with the comma before it or after it', () => {
    assert.deepEqual(cutMember('{"a":1, "hash":"x", "b":2}', 'hash'), ['{"a":1, "b":2}', '{"a":1, "b":2}']);
    assert.deepEqual(cutMember('{"hash":"x" ,\n "b":2}', 'hash'), ['{"b":2}']);
    assert.deepEqual(cutMember('{"a":1 ,"hash":"x"\n}', 'hash'), ['{"a":1\n}']);
    assert.deepEqual(cutMember('{ "hash": "x" }', 'hash'), ['{  }']);
    assert.deepEqual(cutMember('{"a":1}', 'hash'), []);
    assert.deepEqual(cutMember('{"hash":"x","hash":"y"}', 'hash'), [], 'ambiguous duplicates');
  });

  it("escapes strings like Python's json.dumps", () => {
    assert.equal(pythonString('plain'), '"plain"');
    assert.equal(pythonString('é😀'), String.raw`"\u00e9\ud83d\ude00"`);
    assert.equal(pythonString('"\\/\n\r\t\b\f\u0001\u007f~'), String.raw`"\"\\/\n\r\t\b\f\u0001\u007f~"`);
  });

  it('re-serializes keeping order and number spelling', () => {
    const text = '{ "b" : 1.50, "1": [ true , null ], "s": "é\\u00e9" }';
    assert.equal(reserialize(text, 'compact'), '{"b":1.50,"1":[true,null],"s":"éé"}');
    assert.equal(
      reserialize(text, 'python'),
      String.raw`{"b": 1.50, "1": [true, null], "s": "\u00e9\u00e9"}`,
    );
  });

  it('handles very deep nesting without recursion', () => {
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    assert.equal(topLevelMembers(deep).length, 1);
    assert.equal(reserialize(deep, 'compact').length, deep.length);
  });
});
