// --timeout as kubectl reads and prints it: Go's time.ParseDuration and time.Duration.String().
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatGoDuration, parseGoDuration } from '../../../src/core/drain/goDuration';

describe('Go durations', () => {
  it('prints zero as "0s" and under a second in milliseconds', () => {
    assert.equal(formatGoDuration(0), '0s');
    assert.equal(formatGoDuration(500), '500ms');
    assert.equal(formatGoDuration(999), '999ms');
    assert.equal(formatGoDuration(1000), '1s');
  });

  it('prints fractions of a second, minutes and hours as Go does', () => {
    assert.equal(formatGoDuration(1500), '1.5s');
    assert.equal(formatGoDuration(61_250), '1m1.25s');
    assert.equal(formatGoDuration(3_725_000), '1h2m5s');
  });

  it('reads decimal fractions with any number of digits, and a leading dot', () => {
    assert.equal(parseGoDuration('1.5h'), 5_400_000);
    assert.equal(parseGoDuration('1.25s'), 1250);
    assert.equal(parseGoDuration('.5s'), 500);
    assert.equal(parseGoDuration('.25s'), 250);
    assert.equal(parseGoDuration('2.s'), 2000);
  });

  it('reads every unit Go knows, combined', () => {
    assert.equal(parseGoDuration('1h2m3s4ms'), 3_723_004);
    assert.equal(parseGoDuration('1500us'), 1.5);
    assert.equal(parseGoDuration('1500µs'), 1.5);
    assert.equal(parseGoDuration('2000000ns'), 2);
  });

  it('ignores surrounding blanks (a value typed into an input box), and rejects empty or partial input', () => {
    assert.equal(parseGoDuration(' 90s '), 90_000);
    assert.equal(parseGoDuration(''), undefined);
    assert.equal(parseGoDuration('   '), undefined);
    assert.equal(parseGoDuration('5s garbage'), undefined);
    assert.equal(parseGoDuration('5d'), undefined);
    assert.equal(parseGoDuration('.s'), undefined);
  });
});
