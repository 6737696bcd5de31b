import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompletionSnapshot } from '../snapshot';
import { changedKeys } from './changed-keys';
import { checkLogic } from './check';
import { compileLogic } from './compile';
import type { Expr } from './expr';
import type { RefPool, Scalar } from './test-arbitraries';
import { anyExpr, illTyped, typed } from './test-arbitraries';
import { field, section } from './test-support';
import type { LogicPart, LogicState } from './types';

const GAS = ['O2', 'CO'];
const TYRES = ['pass', 'fail', 'na'];
const BASE: LogicPart[] = [
  field('n1', 'number'),
  field('n2', 'number'),
  field('t1', 'text'),
  field('d1', 'date'),
  field('b1', 'boolean'),
  field('c1', 'choice', { options: TYRES }),
  field('l1', 'list', { options: GAS }),
  { key: 'cones', kind: 'item', path: ['sections', 0, 'items', 0], label: 'Cones', valueType: 'boolean', required: false },
  section('g', { repeat: {} }),
  field('g.x', 'number', { group: 'g', parent: 'g' }),
  field('g.s', 'text', { group: 'g', parent: 'g' }),
];
const POOL: RefPool = {
  number: ['n1', 'n2'],
  boolean: ['b1', 'cones'],
  text: ['t1'],
  date: ['d1'],
  choice: [{ ref: 'c1', options: TYRES }],
  list: [{ ref: 'l1', options: GAS }],
  numberColumn: ['g.x'],
  anyColumn: ['g.x', 'g.s'],
};
const TYPE_OF: Record<Scalar, LogicPart['valueType']> = { number: 'number', boolean: 'boolean', text: 'text', date: 'date' };

describe('L3, L4 property (a): checkLogic accepts well-typed rules and refuses ill-typed ones', () => {
  it('accepts every well-typed condition and calculation', () => {
    fc.assert(
      fc.property(typed(POOL, 'boolean', 4), fc.constantFrom<Scalar>('number', 'boolean', 'text', 'date').chain((t) => fc.tuple(fc.constant(t), typed(POOL, t, 4))), (condition, [type, calc]) => {
        const probe = field('probe', TYPE_OF[type], { visibleWhen: condition, requiredWhen: condition, constraints: [{ check: condition, message: 'No' }], calculate: calc });
        expect(checkLogic([...BASE, probe])).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses every condition with an ill-typed term, at the rule', () => {
    fc.assert(
      fc.property(illTyped(POOL, 3), fc.constantFrom('visibleWhen', 'requiredWhen', 'check' as const), (bad, where) => {
        const rule = where === 'check' ? { constraints: [{ check: bad, message: 'No' }] } : { [where]: bad };
        const issues = checkLogic([...BASE, field('probe', 'number', { path: ['fields', 99], ...rule })]);
        expect(issues.length).toBeGreaterThan(0);
        for (const issue of issues) {
          expect(issue.path).toEqual(where === 'check' ? ['fields', 99, 'constraints', 0, 'check'] : ['fields', 99, where]);
          expect(issue.message).toMatch(/^"(Show when|Required when|Constraint 1)" of "probe" /);
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** Every answer of a state, read the way callers read it. */
function dump(state: LogicState, keys: readonly string[]): unknown {
  return {
    keys: keys.map((k) => [k, state.isVisible(k), state.isRequired(k), state.constraintError(k), state.valueOf(k), state.isCalculated(k)]),
    calculated: [...state.calculated],
    hidden: state.hiddenAnswered(),
    rows: [state.rowsOf('g'), state.rowsOf('p')],
  };
}

const ROW_IDS = ['a', 'b', 'c', 'r1', 'r2'];
const KEYS = [...BASE.map((p) => p.key), 'crew', 'gate', 'g.y', 'p', 'p.v', 'total', ...ROW_IDS.flatMap((r) => [`g.${r}.x`, `g.${r}.s`, `g.${r}.y`, `p.${r}.v`])];
const HOSTILE = fc.oneof(fc.jsonValue(), fc.constantFrom(undefined, null, Number.NaN, Infinity, '2024-02-30', [1, 'a'], { __proto__: 1 }));

describe('L13 property (b): evaluation is total', () => {
  it('never throws for random parts with random rules and random answers of any JSON', () => {
    const refs = [...KEYS, 'x', 's', 'v', 'constructor', '__proto__'];
    const rules = fc.record(
      { visibleWhen: anyExpr(refs), requiredWhen: anyExpr(refs), calculate: anyExpr(refs), default: anyExpr(refs), constraints: fc.array(fc.record({ check: anyExpr(refs), message: fc.constant('No') }), { maxLength: 2 }) },
      { requiredKeys: [] },
    );
    const parts = fc.array(fc.tuple(fc.constantFrom(...BASE, field('constructor', 'text'), section('p', { repeat: { countFrom: 'n1', max: 3 } }), field('p.v', 'number', { group: 'p', parent: 'p' })), rules), { maxLength: 14 }).map((list) => list.map(([part, extra]) => ({ ...part, ...extra })));
    const record = (values: fc.Arbitrary<unknown>) => fc.dictionary(fc.constantFrom(...KEYS, 'constructor', '__proto__', 'toString'), values, { maxKeys: 12 });
    const snapshot = fc.record({ values: record(HOSTILE), done: record(HOSTILE), rows: fc.oneof(fc.constant(undefined), record(fc.oneof(fc.array(fc.constantFrom(...ROW_IDS, '', 'x.y')), HOSTILE))) }) as fc.Arbitrary<unknown> as fc.Arbitrary<CompletionSnapshot>;
    fc.assert(
      fc.property(parts, snapshot, snapshot, fc.array(fc.constantFrom(...KEYS, 'g', 'p', 'nope')), (ps, s1, s2, changed) => {
        const logic = compileLogic(ps);
        const keys = [...KEYS, 'nope', 'g.zz.x', 'a.b.c.d'];
        const first = logic.evaluate(s1);
        dump(first, keys);
        dump(logic.update(first, s2, changed), keys);
        checkLogic(ps);
      }),
      { numRuns: 300 },
    );
  });
});

/** Top-level number/boolean/text fields whose rules read only the fields before them: acyclic by construction. */
function layered(order: readonly number[], exprs: readonly Expr[][]): LogicPart[] {
  const names = ['n1', 'n2', 'b1', 't1', 'd1'];
  const typesOf: Record<string, LogicPart['valueType']> = { n1: 'number', n2: 'number', b1: 'boolean', t1: 'text', d1: 'date' };
  return order.map((i, position) => {
    const name = names[i] as string;
    const [vis, calc, req] = exprs[position] ?? [];
    return field(name, typesOf[name] ?? 'number', {
      ...(vis === undefined ? {} : { visibleWhen: vis }),
      ...(calc === undefined ? {} : { [position % 2 === 0 ? 'calculate' : 'default']: calc }),
      ...(req === undefined ? {} : { requiredWhen: req, constraints: [{ check: req, message: `No ${name}` }] }),
    });
  });
}

describe('L14 property (c): update after random edits equals evaluate', () => {
  it('for random acyclic rules, rows added, moved and removed, answers set and cleared', () => {
    const names = ['n1', 'n2', 'b1', 't1', 'd1'];
    const typeOf: Record<string, Scalar> = { n1: 'number', n2: 'number', b1: 'boolean', t1: 'text', d1: 'date' };
    const definition = fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }).chain((order) => {
      const rulesFor = order.map((i, position) => {
        const earlier = order.slice(0, position).map((j) => names[j] as string);
        const pool: RefPool = {
          number: earlier.filter((n) => typeOf[n] === 'number').concat('crew'),
          boolean: earlier.filter((n) => typeOf[n] === 'boolean').concat('gate', 'cones'),
          text: earlier.filter((n) => typeOf[n] === 'text'),
          date: earlier.filter((n) => typeOf[n] === 'date'),
          choice: [{ ref: 'c1', options: TYRES }],
          list: [],
          numberColumn: ['g.x', 'g.y', 'p.v'],
          anyColumn: ['g.x'],
        };
        const self = typeOf[names[i] as string] as Scalar;
        const maybe = (a: fc.Arbitrary<Expr>) => fc.option(a, { nil: undefined });
        return fc.tuple(maybe(typed(pool, 'boolean', 3)), maybe(typed(pool, self, 3)), maybe(typed(pool, 'boolean', 3)));
      });
      return fc.tuple(fc.constant(order), fc.tuple(...rulesFor));
    });
    const edit = fc.oneof(
      fc.tuple(fc.constant('value' as const), fc.constantFrom('n1', 'n2', 'b1', 't1', 'd1', 'c1', 'crew', 'gate', ...ROW_IDS.flatMap((r) => [`g.${r}.x`, `p.${r}.v`])), HOSTILE),
      fc.tuple(fc.constant('value' as const), fc.constantFrom('n1', 'n2', 'crew', 'g.a.x', 'g.b.x', 'p.r1.v'), fc.integer({ min: -3, max: 30 })),
      fc.tuple(fc.constant('done' as const), fc.constant('cones'), fc.boolean()),
      fc.tuple(fc.constant('rows' as const), fc.constant('g'), fc.shuffledSubarray(['a', 'b', 'c'])),
    );
    fc.assert(
      fc.property(definition, fc.array(edit, { minLength: 1, maxLength: 12 }), ([order, exprs], edits) => {
        const parts = [
          ...layered(order, exprs as Expr[][]),
          field('c1', 'choice', { options: TYRES }),
          { key: 'cones', kind: 'item', path: ['items', 0], label: 'Cones', valueType: 'boolean', required: false } satisfies LogicPart,
          field('crew', 'number'),
          field('gate', 'boolean'),
          section('g', { repeat: { max: 3 } }),
          field('g.x', 'number', { group: 'g', parent: 'g', visibleWhen: { op: 'not', args: [{ ref: 'gate' }] } }),
          field('g.y', 'number', { group: 'g', parent: 'g', calculate: { op: 'mul', args: [{ ref: 'x' }, { lit: 2 }] } }),
          section('p', { repeat: { countFrom: 'crew', max: 2 } }),
          field('p.v', 'number', { group: 'p', parent: 'p', default: { lit: 1 } }),
        ];
        expect(checkLogic(parts)).toEqual([]);
        const logic = compileLogic(parts);
        let snapshot: CompletionSnapshot = { values: {}, done: {}, rows: { g: ['a'] } };
        let state = logic.evaluate(snapshot);
        // The same edits, with the changed keys found by diffing snapshots instead of named.
        let diffed = state;
        for (const [kind, key, value] of edits) {
          const before = snapshot;
          if (kind === 'value') snapshot = { ...snapshot, values: { ...snapshot.values, [key]: value as never } };
          else if (kind === 'done') snapshot = { ...snapshot, done: { ...snapshot.done, [key]: value } };
          else snapshot = { ...snapshot, rows: { g: value } };
          state = logic.update(state, snapshot, [key]);
          diffed = logic.update(diffed, snapshot, changedKeys(before, snapshot));
          const expected = dump(logic.evaluate(snapshot), KEYS);
          expect(dump(state, KEYS)).toEqual(expected);
          expect(dump(diffed, KEYS)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('L5, L14 property (d): dependency order', () => {
  it('a calculation chain a → b → c evaluates right in any declaration order', () => {
    const chain: LogicPart[] = [
      field('a', 'number'),
      field('b', 'number', { calculate: { op: 'add', args: [{ ref: 'a' }, { lit: 1 }] } }),
      field('c', 'number', { calculate: { op: 'mul', args: [{ ref: 'b' }, { lit: 2 }] } }),
      field('d', 'text', { visibleWhen: { op: 'gt', args: [{ ref: 'c' }, { lit: 10 }] }, default: { op: 'concat', args: [{ lit: 'c is ' }, { ref: 'c' }] } }),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(chain, { minLength: 4, maxLength: 4 }), fc.integer({ min: -100, max: 100 }), (parts, a) => {
        const state = compileLogic(parts).evaluate({ values: { a }, done: {} });
        expect(state.valueOf('c')).toBe((a + 1) * 2);
        expect(state.isVisible('d')).toBe((a + 1) * 2 > 10);
        expect(state.valueOf('d')).toBe(`c is ${(a + 1) * 2}`);
      }),
    );
  });
});
