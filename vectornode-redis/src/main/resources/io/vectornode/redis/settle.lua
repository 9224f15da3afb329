-- Settles a reservation to the real cost, once (see RedisState.settle).
-- KEYS[1]: budget hash, KEYS[2]: reservation zset.
-- ARGV: now ms ('' = server time), reservation id, actual (-1 = charge the reservation),
--   reserved amount (charged when the reservation is gone and actual is -1), ttl ms, then
--   pairs of (threshold name, threshold amount).
-- Returns {settled (1/0), spent, reserved, crossed threshold names...}.
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local h, z, id = KEYS[1], KEYS[2], ARGV[2]
local v = redis.call('HGET', h, 'r:' .. id)
if v == 's' then
  return {0, tonumber(redis.call('HGET', h, 'spent') or '0'),
    tonumber(redis.call('HGET', h, 'reserved') or '0')}
end
local held = tonumber(ARGV[4])
if v then
  held = tonumber(v)
  redis.call('HINCRBY', h, 'reserved', -held)
end
local charge = tonumber(ARGV[3])
if charge < 0 then charge = held end
-- The id stays, marked settled, for 10 minutes: a replayed settlement is then ignored.
redis.call('HSET', h, 'r:' .. id, 's')
redis.call('ZADD', z, now + 600000, id)
local spent = redis.call('HINCRBY', h, 'spent', charge)
local reserved = math.max(0, tonumber(redis.call('HGET', h, 'reserved') or '0'))
redis.call('PEXPIRE', h, tonumber(ARGV[5]))
redis.call('PEXPIRE', z, tonumber(ARGV[5]))
local out = {1, spent, reserved}
for i = 6, #ARGV, 2 do
  if spent >= tonumber(ARGV[i + 1]) and redis.call('HSETNX', h, 'th:' .. ARGV[i], '1') == 1 then
    table.insert(out, ARGV[i])
  end
end
return out
