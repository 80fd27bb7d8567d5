// Unit tests of the picker's rules (plain Node, no VS Code needed).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyArguments, ChoiceSet, choiceForKey } from './choices';

const set: ChoiceSet = {
  title: 'Label “Ascendas” (now ORG?)',
  choices: [
    { name: 'PERSON', key: 'p', color: '#e6550d', description: 'A named person.', current: false },
    { name: 'ORG', key: 'o', color: '#3182bd', description: 'A named company …', current: true },
    { name: 'PURPOSE', key: 'P', color: '#7570b3', description: 'A purpose sentence.', current: false },
    { name: 'NOKEY', key: null, color: null, description: 'Picked by name only.', current: false },
  ],
  keyNote: null,
  apply: { command: 'pactum.setLabel', arguments: { uri: 'file:///a.txt', version: 3, range: { start: 1, end: 2 } } },
};

test('one typed key applies its choice, case-sensitively', () => {
  assert.equal(choiceForKey(set, 'p')?.name, 'PERSON');
  assert.equal(choiceForKey(set, 'P')?.name, 'PURPOSE');
  assert.equal(choiceForKey(set, 'o')?.name, 'ORG');
});

test('anything else filters by name instead', () => {
  assert.equal(choiceForKey(set, 'x'), undefined);
  assert.equal(choiceForKey(set, 'OR'), undefined, 'two characters are a name being typed');
  assert.equal(choiceForKey(set, ''), undefined);
  assert.equal(choiceForKey({ ...set, choices: set.choices.map((c) => ({ ...c, key: null })) }, 'p'), undefined, 'no keys: names only');
});

test('the pick goes back with the server\'s own arguments', () => {
  const args = applyArguments(set, 'PERSON');
  assert.deepEqual(args, { uri: 'file:///a.txt', version: 3, range: { start: 1, end: 2 }, label: 'PERSON' });
  assert.equal((set.apply.arguments as Record<string, unknown>).label, undefined, 'the set is not changed');
});
