import { transactionGroups } from '../../src/adapters/record-store';

interface Write {
  key: string;
  bytes: number;
}

const group = (writes: Write[], limits = { actions: 3, bytes: 100 }) =>
  transactionGroups(
    writes,
    (write) => write.key,
    (write) => write.bytes,
    limits,
  ).map((writesOfGroup) => writesOfGroup.map((write) => `${write.key}${write.bytes}`));

test('writes of different items share a transaction up to its action limit', () => {
  expect(group(['a', 'b', 'c', 'd'].map((key) => ({ key, bytes: 1 })))).toEqual([['a1', 'b1', 'c1'], ['d1']]);
});

test('one item appears once per transaction, and its later write goes to a later one', () => {
  expect(
    group([
      { key: 'a', bytes: 1 },
      { key: 'a', bytes: 2 },
      { key: 'b', bytes: 1 },
      { key: 'a', bytes: 3 },
    ]),
  ).toEqual([['a1', 'b1'], ['a2'], ['a3']]);
});

test('a transaction stays within its byte limit; an item too large alone gets one of its own', () => {
  expect(
    group([
      { key: 'a', bytes: 60 },
      { key: 'b', bytes: 60 },
      { key: 'c', bytes: 30 },
      { key: 'd', bytes: 500 },
    ]),
  ).toEqual([['a60', 'c30'], ['b60'], ['d500']]);
});

test('no writes, no transactions', () => {
  expect(group([])).toEqual([]);
});
