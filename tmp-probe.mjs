import jsonata from 'jsonata';
import { JSONPath } from 'jsonpath-plus';
const d = { data: { counterparty: { email: 'A@x.com' }, items: [{id:1},{id:2}] }, 'a b': 1 };
console.log(JSONPath({ path: '$.data.counterparty.email', json: d, wrap: true }));
console.log(JSONPath({ path: '$.data.items[*].id', json: d }));
console.log(JSONPath({ path: "$['a b']", json: d }));
console.log(JSONPath({ path: "$.data.items[?(@.id>1)].id", json: d }));
try { console.log(JSONPath({ path: "$..[?(this.constructor)]", json: d })); } catch (e) { console.log('err', e.message); }
console.log(JSONPath.toPathArray("$.data['a b'].x[0]"));
try { jsonata('$$$ ('); } catch (e) { console.log('syn', e.code, e.message); }
const e = jsonata('{ "email": data.counterparty.email }');
console.log(await e.evaluate(d));
const loop = jsonata('($f := function($x){ $f($x + 1) }; $f(0))');
const t = Date.now();
setTimeout(() => { console.log('timer fired', Date.now() - t); process.exit(0); }, 500);
loop.evaluate({}).then((r) => console.log('loop result', r), (err) => console.log('loop err', err.code, err.message, Date.now()-t));
