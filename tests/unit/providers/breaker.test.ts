import { createBreakers } from '#domain/providers/breaker.ts';

describe('the circuit breaker', () => {
  const config = {
    window_ms: 60_000,
    window_size: 20,
    minimum_requests: 5,
    failure_threshold: 0.5,
    cooldown_ms: 30_000,
  };

  it('stays closed below the minimum number of requests, opens at the failure share, half-opens after the cool-down', () => {
    const b = createBreakers(config);
    for (let i = 0; i < 4; i++) b.record('p', false, i);
    expect(b.state('p', 4)).toBe('closed');
    b.record('p', false, 5);
    expect(b.state('p', 5)).toBe('open');
    expect(b.allow('p', 29_000)).toBe(false);
    // After 30 s one trial goes; a second waits for its outcome.
    expect(b.allow('p', 30_005)).toBe(true);
    expect(b.allow('p', 30_006)).toBe(false);
    b.record('p', true, 30_100);
    expect(b.state('p', 30_100)).toBe('closed');
  });

  it('re-opens when the trial fails, and ignores late outcomes of calls started before it opened', () => {
    const b = createBreakers(config);
    for (let i = 0; i < 5; i++) b.record('p', false, i);
    b.record('p', true, 10); // a call that started before the circuit opened
    expect(b.state('p', 10)).toBe('open');
    expect(b.allow('p', 30_010)).toBe(true);
    b.record('p', false, 30_020);
    expect(b.state('p', 30_021)).toBe('open');
    expect(b.state('p', 60_020)).toBe('half_open');
  });

  it('trips a busy provider as fast as a quiet one: only the newest 20 calls count', () => {
    const b = createBreakers(config);
    for (let i = 0; i < 500; i++) b.record('p', true, i);
    for (let i = 0; i < 9; i++) b.record('p', false, 600 + i);
    expect(b.state('p', 700)).toBe('closed');
    b.record('p', false, 700);
    expect(b.state('p', 700)).toBe('open');
  });

  it('forgets failures older than the window', () => {
    const b = createBreakers(config);
    for (let i = 0; i < 4; i++) b.record('p', false, i);
    for (let i = 0; i < 5; i++) b.record('p', true, 70_000 + i);
    b.record('p', false, 70_010);
    expect(b.state('p', 70_010)).toBe('closed');
    expect(b.snapshot(70_010).p).toEqual({ state: 'closed', window_calls: 6, window_failures: 1 });
  });
});
